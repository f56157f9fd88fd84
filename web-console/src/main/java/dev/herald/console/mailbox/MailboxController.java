package dev.herald.console.mailbox;

import java.util.List;
import java.util.UUID;

import dev.herald.console.local.DevelopmentMailbox;
import dev.herald.console.local.DevelopmentMailbox.Mail;
import dev.herald.console.security.ConsoleUser;
import dev.herald.db.delivery.DeliveryRepository;
import dev.herald.db.tenant.TenantId;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Shows the development mailbox, or explains that real SMTP is configured. Only mail of the user's own tenant's
 * deliveries is shown: the development server is shared by all tenants of this instance.
 */
@Controller
class MailboxController {

	private final ObjectProvider<DevelopmentMailbox> mailbox;

	private final DeliveryRepository deliveries;

	MailboxController(ObjectProvider<DevelopmentMailbox> mailbox, DeliveryRepository deliveries) {
		this.mailbox = mailbox;
		this.deliveries = deliveries;
	}

	@GetMapping("/mailbox")
	String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
		DevelopmentMailbox mailbox = this.mailbox.getIfAvailable();
		model.addAttribute("local", mailbox != null);
		model.addAttribute("messages", (mailbox != null)
				? mailbox.messages().stream().filter((mail) -> ownedBy(user.tenant(), mail)).limit(200).toList()
				: List.of());
		return "mailbox/list";
	}

	private boolean ownedBy(TenantId tenant, Mail mail) {
		try {
			return mail.deliveryId() != null
					&& this.deliveries.find(tenant, UUID.fromString(mail.deliveryId())).isPresent();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
