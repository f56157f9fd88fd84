package dev.herald.channels.aws;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Every log line written while open, at DEBUG and above from every logger, the AWS SDK's included. */
public final class CapturedLogs implements AutoCloseable {

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private final Level previousLevel = this.root.getLevel();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLogs() {
		this.appender.start();
		this.root.addAppender(this.appender);
		this.root.setLevel(Level.DEBUG);
	}

	public static CapturedLogs capture() {
		return new CapturedLogs();
	}

	/** Each event as text: its message, and every exception's class, message and stack. */
	public List<String> lines() {
		return this.appender.list.stream().map(CapturedLogs::text).toList();
	}

	private static String text(ILoggingEvent event) {
		StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
		for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
			text.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
			for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
				text.append(' ').append(frame.getSTEAsString());
			}
		}
		return text.toString();
	}

	@Override
	public void close() {
		this.root.setLevel(this.previousLevel);
		this.root.detachAppender(this.appender);
		this.appender.stop();
	}

}
