package dev.herald.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.cxapi.CloudAssembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The app as {@code cdk synth} and {@code ./mvnw -pl deploy compile exec:exec} run it: offline, into a directory. */
class HeraldDeployAppTests {

	@Test
	void synthesizesTheShippedConfigurationIntoACloudAssemblyOffline(@TempDir Path outdir) throws IOException {
		Map<String, Object> context = new HashMap<>(HeraldDeployApp.cdkJsonContext(Path.of("cdk.json")));
		context.put("herald.functionsJar", Stacks.STAND_IN_JAR.toString());
		CloudAssembly assembly = HeraldDeployApp.synth(context, outdir.toString());
		assertThat(assembly.getStacks()).singleElement()
			.satisfies((stack) -> assertThat(stack.getStackName()).isEqualTo("Herald"));
		assertThat(outdir.resolve("Herald.template.json")).isRegularFile();
		assertThat(outdir.resolve("manifest.json")).isRegularFile();
		// The functions' jar is staged as is, for the CLI to upload as the Lambda code.
		try (Stream<Path> files = Files.list(outdir)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.anySatisfy((name) -> assertThat(name).matches("asset\\.[0-9a-f]{64}\\.jar"));
		}
		assertThat(Files.readString(outdir.resolve("Herald.template.json"))).contains("\"Runtime\": \"java25\"");
	}

	@Test
	void cdkBuiltInCloudFormationValidationFindsNothingInAnyVariant() {
		// CDK checks each template against CloudFormation's rules during synthesis and writes any finding here.
		// Acknowledged rules (with their reasons in the code) are listed as suppressed; nothing else may be there.
		Stacks.all().forEach((variant, template) -> {
			Path report = Stacks.OUTDIRS.get(template).resolve("validation-report.json");
			if (Files.exists(report)) {
				List<?> plugins = (List<?>) json(report).get("pluginReports");
				assertThat(plugins).as(variant).isNotEmpty().allSatisfy((plugin) -> {
					assertThat(((Map<?, ?>) plugin).get("conclusion")).as(() -> variant + ": " + read(report))
						.isEqualTo("success");
					assertThat((List<?>) ((Map<?, ?>) plugin).get("violations")).as(() -> variant + ": " + read(report))
						.isEmpty();
				});
			}
		});
	}

	@Test
	void noConstructWarnsOrFailsInAnyVariant() {
		// Read from the assembly the first synthesis wrote: synthesizing again (as assertions.Annotations does)
		// re-runs aspects, whose second run warns about what their first run did. Acknowledged warnings, with their
		// reasons in the code, are not written; nothing else may be.
		Stacks.all().forEach((variant, template) -> {
			Map<?, ?> metadata = json(Stacks.OUTDIRS.get(template).resolve("Herald.metadata.json"));
			assertThat(metadata).as(variant).isNotEmpty();
			List<String> messages = metadata.entrySet()
				.stream()
				.flatMap((entry) -> ((List<?>) entry.getValue()).stream()
					.map((each) -> (Map<?, ?>) each)
					.filter((each) -> String.valueOf(each.get("type")).matches("aws:cdk:(warning|error)"))
					.map((each) -> entry.getKey() + ": " + each.get("data")))
				.toList();
			assertThat(messages).as(variant).isEmpty();
		});
	}

	private static Map<?, ?> json(Path file) {
		try {
			return new ObjectMapper().readValue(file.toFile(), Map.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	@Test
	void aMissingFunctionsArtifactIsExplainedWithTheCommandThatBuildsIt(@TempDir Path outdir) {
		Map<String, Object> context = new HashMap<>(HeraldDeployApp.cdkJsonContext(Path.of("cdk.json")));
		context.put("herald.functionsJar", outdir.resolve("missing-aws.jar").toString());
		assertThatIllegalArgumentException().isThrownBy(() -> HeraldDeployApp.synth(context, outdir.toString()))
			.withMessageContaining("No functions artifact at")
			.withMessageContaining("./mvnw -pl notification-functions -am package -DskipTests");
	}

	@Test
	void cdkJsonRunsTheAppThroughTheWrapperWithTheToolchainsJdk() {
		String app = (String) json(Path.of("cdk.json")).get("app");
		// exec:exec forks the toolchain's JDK 25 after compile; exec:java would run on Maven's own, possibly older JDK.
		assertThat(List.of(app.split(" "))).contains("../mvnw", "compile", "exec:exec").doesNotContain("exec:java");
	}

}
