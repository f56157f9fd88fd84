package dev.herald.channels.push.apns;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything the push providers log, at every level, while open. SLF4J reaches java.util.logging in tests
 * (slf4j-jdk14), where a handler sees the formatted message and the stack trace.
 */
final class CapturedLogs implements AutoCloseable {

	private final Logger logger = Logger.getLogger("dev.herald.channels.push");

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			StringWriter text = new StringWriter();
			text.append(record.getLevel().getName()).append(' ').append(record.getMessage());
			if (record.getThrown() != null) {
				text.append('\n');
				record.getThrown().printStackTrace(new PrintWriter(text));
			}
			CapturedLogs.this.lines.add(text.toString());
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private final Level previousLevel;

	private final boolean previousUseParentHandlers;

	CapturedLogs() {
		this.previousLevel = this.logger.getLevel();
		this.previousUseParentHandlers = this.logger.getUseParentHandlers();
		this.logger.setLevel(Level.ALL);
		this.logger.setUseParentHandlers(false);
		this.logger.addHandler(this.handler);
	}

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	String all() {
		return String.join("\n", this.lines);
	}

	@Override
	public void close() {
		this.logger.removeHandler(this.handler);
		this.logger.setLevel(this.previousLevel);
		this.logger.setUseParentHandlers(this.previousUseParentHandlers);
	}

}
