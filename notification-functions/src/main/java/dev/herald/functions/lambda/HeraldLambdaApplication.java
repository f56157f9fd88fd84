package dev.herald.functions.lambda;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The start class of the Lambda artifact ({@code Start-Class}; handler
 * {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest}, function chosen by
 * {@code spring_cloud_function_definition}: {@code ingestSns}, {@code deliverSqs}, {@code ingestHttp},
 * {@code providerStatusSns}, and the maintenance functions {@code replayDeadLetters} and {@code requeueStranded}).
 *
 * <p>
 * No web server, and only the auto-configuration the functions use, listed here rather than discovered: start-up
 * time follows the classes loaded. Not an application where the adapter is absent (the server's component scan of
 * {@code dev.herald} skips it).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.cloud.function.adapter.aws.FunctionInvoker")
@ComponentScan(basePackages = { "dev.herald.functions", "dev.herald.channels" })
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
		DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class, MailSenderAutoConfiguration.class,
		ContextFunctionCatalogAutoConfiguration.class })
public class HeraldLambdaApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(HeraldLambdaApplication.class);
		application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
		application.run(args);
	}

}
