package dev.herald.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Starts Herald as one local server: the API, the delivery workers and the console. */
@SpringBootApplication(scanBasePackages = "dev.herald")
@EnableConfigurationProperties(ServerProperties.class)
public class HeraldApplication {

	public static void main(String[] args) {
		SpringApplication.run(HeraldApplication.class, args);
	}

}
