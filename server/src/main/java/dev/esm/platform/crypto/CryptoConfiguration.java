package dev.esm.platform.crypto;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.platform.database.DatabaseProperties;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoConfiguration {

    /**
     * The master key comes from ESM_MASTER_KEY; only in demo mode (embedded database) may it come from a key file that
     * ESM creates on first start.
     */
    @Bean
    TinkVault vault(CryptoProperties crypto, DatabaseProperties database, JdbcClient jdbc,
                    TransactionTemplate transactions) {
        if (crypto.fromEnvironment()) {
            List<String> keys = new ArrayList<>();
            keys.add(crypto.masterKey());
            keys.addAll(crypto.previousMasterKeys());
            return new TinkVault(MasterKeyring.of(keys), null, jdbc, transactions);
        }
        if (!database.embedded()) {
            throw new IllegalStateException("ESM_MASTER_KEY is required with an external database "
                    + "(32 random bytes in base64, e.g. `openssl rand -base64 32`)");
        }
        MasterKeyFile file = new MasterKeyFile(database.dataDir().resolve("master.key"));
        return new TinkVault(MasterKeyring.of(file.readOrCreate()), file, jdbc, transactions);
    }
}
