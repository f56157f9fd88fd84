package dev.herald.console.deliveries;

import dev.herald.console.security.ConsoleUser;
import dev.herald.db.delivery.DeliveryRepository;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Lists the tenant's most recent deliveries. */
@Controller
class DeliveriesController {

	private final DeliveryRepository deliveries;

	DeliveriesController(DeliveryRepository deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping("/deliveries")
	String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
		model.addAttribute("deliveries", this.deliveries.recent(user.tenant(), 200));
		model.addAttribute("counts", this.deliveries.countByState(user.tenant()));
		return "deliveries/list";
	}

}
