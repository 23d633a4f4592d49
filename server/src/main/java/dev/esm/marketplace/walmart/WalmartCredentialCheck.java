package dev.esm.marketplace.walmart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.esm.platform.quota.CallPermits;
import dev.esm.marketplace.MarketplaceException;
import dev.esm.marketplace.MarketplaceException.CredentialsExpired;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.marketplace.CredentialCheck;

/**
 * Checks a Walmart client id and secret the way every sync starts: one client-credentials token call
 * ({@code POST /v3/token}). Walmart's 400/401/403 there means the pair is wrong; anything else that is not a token
 * (a 5xx, a 429, a timeout, an unreadable answer) means Walmart could not say, and nothing is saved either. The call
 * takes no permit from the stores' shared quotas: there is no store yet, and an operator types credentials in rarely.
 */
@Component
class WalmartCredentialCheck implements CredentialCheck {

    private static final Logger log = LoggerFactory.getLogger(WalmartCredentialCheck.class);

    private final WalmartAccess access;

    WalmartCredentialCheck(WalmartProperties properties) {
        this.access = new WalmartAccess(properties);
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.WALMART;
    }

    @Override
    public void check(StoreCredentials credentials) throws Refused, Unavailable {
        if (!(credentials instanceof StoreCredentials.Walmart walmart)) {
            throw new Refused("These are not Walmart credentials.");
        }
        try {
            access.verify(walmart, CallPermits.UNLIMITED);
        } catch (CredentialsExpired e) {
            throw new Refused("Walmart refused this client id and secret. Copy both again from Walmart Seller Center "
                    + "(Settings, API Key Management).");
        } catch (MarketplaceException e) {
            log.warn("Walmart credentials could not be checked: {}", e.getMessage());
            throw new Unavailable("Walmart could not check these credentials right now (" + e.getMessage()
                    + "). Nothing was saved; try again in a few minutes.");
        }
    }
}
