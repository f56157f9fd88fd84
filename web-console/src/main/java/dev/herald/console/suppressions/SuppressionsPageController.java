package dev.herald.console.suppressions;

import java.util.UUID;

import dev.herald.console.security.ConsoleUser;
import dev.herald.db.suppression.SuppressionRepository;
import dev.herald.db.suppression.SuppressionRepository.Page;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /suppressions}: the tenant's suppressed addresses, searched by part of the address and paged; owners and
 * admins may remove one (post/redirect/get), after which the address is sent to again.
 */
@Controller
class SuppressionsPageController {

	private static final int PAGE_SIZE = 50;

	private final SuppressionRepository suppressions;

	SuppressionsPageController(SuppressionRepository suppressions) {
		this.suppressions = suppressions;
	}

	@GetMapping("/suppressions")
	String list(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "0") int page, Model model) {
		int current = Math.max(0, Math.min(page, 100_000));
		String search = (q != null && q.length() <= 320) ? q.strip() : null;
		Page found = this.suppressions.list(user.tenant(), search, current * PAGE_SIZE, PAGE_SIZE);
		model.addAttribute("suppressions", found.items());
		model.addAttribute("total", found.total());
		model.addAttribute("q", search);
		model.addAttribute("page", current);
		model.addAttribute("hasNext", (long) (current + 1) * PAGE_SIZE < found.total());
		model.addAttribute("canRemove", canRemove(user));
		return "suppressions/list";
	}

	@PostMapping("/suppressions/{id}/remove")
	String remove(@AuthenticationPrincipal ConsoleUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		if (!canRemove(user)) {
			redirect.addFlashAttribute("message", "suppressions.notAllowed");
		}
		else {
			redirect.addFlashAttribute("message",
					this.suppressions.remove(user.tenant(), id) ? "suppressions.removed" : "suppressions.notFound");
		}
		return "redirect:/suppressions";
	}

	private static boolean canRemove(ConsoleUser user) {
		return user.getAuthorities()
			.stream()
			.anyMatch((a) -> a.getAuthority().equals("ROLE_OWNER") || a.getAuthority().equals("ROLE_ADMIN"));
	}

}
