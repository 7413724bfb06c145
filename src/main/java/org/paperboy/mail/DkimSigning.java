package org.paperboy.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * DKIM signing from {@code mail.dkim.*}: rsa-sha256, relaxed header and body canonicalization, and the one-click
 * unsubscribe headers among the signed ones (RFC 8058 asks for both; the library's defaults lack
 * {@code List-Unsubscribe-Post}).
 */
final class DkimSigning {

    private final String domain;
    private final String selector;
    private final RSAPrivateKey key;

    private DkimSigning(String domain, String selector, RSAPrivateKey key) {
        this.domain = domain;
        this.selector = selector;
        this.key = key;
    }

    /** Empty when {@code mail.dkim.domain} is not set; the key is read now, so that a bad one fails at start. */
    static Optional<DkimSigning> of(Settings settings) {
        if (settings.get(Key.MAIL_DKIM_DOMAIN).isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(settings.get(Key.MAIL_DKIM_KEY_FILE));
        try {
            byte[] der = der(Files.readAllBytes(file));
            RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return Optional.of(new DkimSigning(settings.get(Key.MAIL_DKIM_DOMAIN).strip(),
                    settings.get(Key.MAIL_DKIM_SELECTOR).strip(), key));
        } catch (IOException e) {
            throw new ConfigurationException("cannot read mail.dkim.key-file " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new ConfigurationException("mail.dkim.key-file " + file + " is not an RSA private key in PKCS#8 "
                    + "(PEM '-----BEGIN PRIVATE KEY-----' or DER; convert with 'openssl pkcs8 -topk8 -nocrypt'): "
                    + e.getMessage());
        }
    }

    /** A PEM file's base64 between its BEGIN and END lines, or the bytes as they are (DER). */
    private static byte[] der(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        if (begin < 0) {
            return file;
        }
        int end = text.indexOf("-----END PRIVATE KEY-----", begin);
        String base64 = text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end < 0 ? text.length() : end);
        return Base64.getMimeDecoder().decode(base64);
    }

    /** A signer for one message: the library's signer keeps state while it signs. */
    DkimSigner signer() {
        DkimSigner signer = new DkimSigner(domain, selector, key);
        signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
        signer.setHeaderCanonicalization(Canonicalization.RELAXED);
        signer.setBodyCanonicalization(Canonicalization.RELAXED);
        // the key's DNS record is the operator's to publish; no lookup while sending
        signer.setCheckDomainKey(false);
        signer.addHeaderToSign("List-Unsubscribe");
        signer.addHeaderToSign("List-Unsubscribe-Post");
        return signer;
    }
}
