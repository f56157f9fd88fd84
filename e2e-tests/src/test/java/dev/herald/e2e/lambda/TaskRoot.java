package dev.herald.e2e.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A deployment package unzipped as Lambda unzips it into {@code /var/task}: the jar's classes and resources at the
 * root, its {@code lib/*.jar} (if any) beside them. An unchanged jar reuses the folder it was unzipped to.
 */
final class TaskRoot {

	private static final String STAMP = ".unzipped-from";

	private TaskRoot() {
	}

	/** Unzips the jar into {@code target/lambda-task/<jar name>} unless that already holds this very jar. */
	static Path of(Path jar) throws IOException {
		Path root = Path.of("target", "lambda-task", jar.getFileName().toString().replaceFirst("\\.(jar|zip)$", ""))
			.toAbsolutePath();
		String stamp = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
		Path stampFile = root.resolve(STAMP);
		if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
			return root;
		}
		delete(root);
		unzip(jar, root);
		Files.writeString(stampFile, stamp);
		return root;
	}

	/**
	 * A deployment package with libraries, as a build would zip it: the jar's entries at the root and each library as
	 * {@code lib/<name>.jar}; written to {@code target/lambda-packages/<name>.zip}.
	 */
	static Path packageWithLibraries(String name, Path jar, List<Path> libraries) throws IOException {
		Path zip = Files.createDirectories(Path.of("target", "lambda-packages")).resolve(name + ".zip").toAbsolutePath();
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
				ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
			for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
				out.putNextEntry(new ZipEntry(entry.getName()));
				in.transferTo(out);
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("lib/"));
			out.closeEntry();
			for (Path library : libraries) {
				out.putNextEntry(new ZipEntry("lib/" + library.getFileName()));
				Files.copy(library, out);
				out.closeEntry();
			}
		}
		return zip;
	}

	static void unzip(Path zip, Path root) throws IOException {
		Files.createDirectories(root);
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
				Path target = root.resolve(entry.getName()).normalize();
				if (!target.startsWith(root)) {
					throw new IOException("Entry " + entry.getName() + " of " + zip + " points outside the task root");
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					copy(in, target);
				}
			}
		}
	}

	private static void copy(InputStream in, Path target) throws IOException {
		Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
