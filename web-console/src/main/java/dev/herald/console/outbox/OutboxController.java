package dev.herald.console.outbox;

import java.util.List;

import dev.herald.channels.local.DevelopmentOutbox;
import dev.herald.console.security.ConsoleUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Shows the SMS and push notifications the development providers kept for the user's own tenant. */
@Controller
class OutboxController {

	private final ObjectProvider<DevelopmentOutbox> outbox;

	OutboxController(ObjectProvider<DevelopmentOutbox> outbox) {
		this.outbox = outbox;
	}

	@GetMapping("/outbox")
	String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
		DevelopmentOutbox outbox = this.outbox.getIfAvailable();
		model.addAttribute("local", outbox != null);
		model.addAttribute("messages", (outbox != null) ? outbox.messages(user.tenant().value()) : List.of());
		return "outbox/list";
	}

}
