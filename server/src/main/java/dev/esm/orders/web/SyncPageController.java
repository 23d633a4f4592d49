package dev.esm.orders.web;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.esm.orders.RequestSync;
import dev.esm.orders.SyncHistory;
import dev.esm.stores.Stores;

/** A store's order sync page: health, "sync now", live progress of the running sync, and the history. */
@Controller
class SyncPageController {

    private final Stores stores;
    private final SyncHistory history;
    private final RequestSync requestSync;

    SyncPageController(Stores stores, SyncHistory history, RequestSync requestSync) {
        this.stores = stores;
        this.history = history;
        this.requestSync = requestSync;
    }

    @GetMapping("/stores/{id}/sync")
    String page(@PathVariable String id, Model model) {
        UUID storeId = SyncApiController.storeId(id);
        model.addAttribute("store", stores.get(storeId));
        model.addAttribute("state", history.state(storeId).orElse(null));
        model.addAttribute("runs", history.recent(storeId, 20));
        return "orders/sync";
    }

    @PostMapping("/stores/{id}/sync")
    String syncNow(@PathVariable String id, RedirectAttributes flash) {
        UUID storeId = SyncApiController.storeId(id);
        long since = Instant.now().toEpochMilli() - 1000;
        if (requestSync.syncNow(storeId) instanceof RequestSync.Answer.AlreadyRunning running) {
            // watch the sync that runs already
            flash.addFlashAttribute("notice", "A sync of this store is already running; its progress is shown below.");
            since = running.since().toEpochMilli();
        }
        return "redirect:/stores/" + storeId + "/sync?watch=" + since;
    }
}
