package dev.esm.shipping.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import dev.esm.platform.Vault;
import dev.esm.shipping.spi.ProviderKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A store's provider API key, sealed by the store's data key in {@code shipping_settings.api_key}. */
@Component
public class ProviderKeys {

    static final String PURPOSE = "shipping.provider-api-key";

    private final JdbcClient jdbc;
    private final Vault vault;

    ProviderKeys(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** Inside the caller's transaction. */
    public Optional<ProviderKey> find(UUID storeId) {
        return jdbc.sql("select api_key from shipping_settings where store_id = ? and api_key is not null")
                .param(storeId).query(byte[].class).optional()
                .map(sealed -> new ProviderKey(new String(vault.open(storeId, PURPOSE, sealed), StandardCharsets.UTF_8)));
    }

    /** Inside the caller's transaction; RLS lets only the store's owner write. */
    public void save(UUID storeId, ProviderKey key) {
        byte[] sealed = vault.seal(storeId, PURPOSE, key.value().getBytes(StandardCharsets.UTF_8));
        jdbc.sql("""
                        insert into shipping_settings (store_id, api_key) values (?, ?)
                        on conflict (store_id) do update set api_key = excluded.api_key, updated_at = now()""")
                .params(storeId, sealed).update();
    }
}
