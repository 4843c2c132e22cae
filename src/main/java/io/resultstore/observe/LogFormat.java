package io.resultstore.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code log.format}: {@code text} (the default, {@code logback.xml}: one human line per event) or {@code json}
 * ({@code logback-json.xml}: one JSON object per line with level, logger, thread, message and the event's
 * key-value pairs, for log shippers). Chosen once at start-up, before the server logs anything of its own.
 */
public final class LogFormat {
    public static final Set<String> FORMATS = Set.of("text", "json");

    private LogFormat() {}

    public static void apply(String format) {
        String resource = format.equals("json") ? "/logback-json.xml" : "/logback.xml";
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL config = LogFormat.class.getResource(resource);
        if (config == null) {
            throw new IllegalStateException("log configuration " + resource + " is missing from the jar");
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot apply log.format " + format + ": " + e.getMessage(), e);
        }
    }
}
