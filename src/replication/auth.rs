//! Sans-IO authentication plugins: what the client answers to each plugin's nonce.
//!
//! Owns the scrambles and signatures of `mysql_native_password`,
//! `caching_sha2_password` (fast path, and the password for full authentication: in
//! clear over TLS, RSA-OAEP encrypted otherwise) and MariaDB's `client_ed25519`. It
//! must not do I/O nor decide when a plugin may be used (`connection` drives the
//! exchange and knows whether TLS is on).

use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign};
use ed25519_dalek::{Sha512, VerifyingKey};
use mysql_common::auth::plugins::caching_sha2_password::scramble_sha256;
use mysql_common::auth::plugins::mysql_native_password::scramble_native;
use openssl::rsa::{Padding, Rsa};

use super::packet::ProtocolViolation;

/// Name of the `mysql_native_password` authentication plugin.
pub(crate) const MYSQL_NATIVE_PASSWORD: &str = "mysql_native_password";
/// Name of the `caching_sha2_password` authentication plugin (MySQL 8 default).
pub(crate) const CACHING_SHA2_PASSWORD: &str = "caching_sha2_password";
/// Client side of MariaDB's `ed25519` authentication plugin.
pub(crate) const CLIENT_ED25519: &str = "client_ed25519";

/// The nonce a plugin's data carries: mysql_native_password and
/// caching_sha2_password send 20 bytes and a NUL; client_ed25519 sends 32 random
/// bytes, all of which count (one may be 0).
pub(crate) fn plugin_nonce<'a>(plugin: &str, data: &'a [u8]) -> &'a [u8] {
    if plugin == CLIENT_ED25519 {
        data
    } else {
        data.strip_suffix(&[0]).unwrap_or(data)
    }
}

/// The first authentication answer for `plugin` with this nonce, or `None` when the
/// plugin is not supported.
pub(crate) fn auth_response(plugin: &str, nonce: &[u8], password: &str) -> Option<Vec<u8>> {
    // The scrambles give no bytes for an empty password, which is what servers expect.
    match plugin {
        MYSQL_NATIVE_PASSWORD => Some(
            scramble_native(nonce, password.as_bytes())
                .map(|s| s.to_vec())
                .unwrap_or_default(),
        ),
        CACHING_SHA2_PASSWORD => {
            let nonce = <&[u8; 20]>::try_from(nonce).ok()?;
            Some(
                scramble_sha256(nonce, password.as_bytes())
                    .map(|s| s.to_vec())
                    .unwrap_or_default(),
            )
        }
        CLIENT_ED25519 => Some(ed25519_signature(password.as_bytes(), nonce).to_vec()),
        _ => None,
    }
}

/// MariaDB `client_ed25519`: the Ed25519 signature of the server's 32-byte nonce with
/// the key whose secret is the password itself: SHA-512 of the password (any length,
/// where RFC 8032 hashes a 32-byte seed) gives the clamped scalar and the nonce
/// prefix, and signing is RFC 8032's from there (MariaDB
/// `plugin/auth_ed25519/ref10/sign.c`, `crypto_sign`; the server verifies with the
/// public key stored by `PASSWORD()` / `ed25519_password()`).
pub(crate) fn ed25519_signature(password: &[u8], message: &[u8]) -> [u8; 64] {
    let expanded = ExpandedSecretKey::from_bytes(&openssl::sha::sha512(password));
    let public = VerifyingKey::from(&expanded);
    raw_sign::<Sha512>(&expanded, message, &public).to_bytes()
}

/// The public key MariaDB stores for an ed25519 password (its
/// `authentication_string`, base64 without padding, is these 32 bytes).
#[cfg(test)]
pub(crate) fn ed25519_public_key(password: &[u8]) -> [u8; 32] {
    let expanded = ExpandedSecretKey::from_bytes(&openssl::sha::sha512(password));
    VerifyingKey::from(&expanded).to_bytes()
}

/// caching_sha2_password's AuthMoreData status bytes.
pub(crate) mod caching_sha2 {
    /// The client's request for the server's RSA public key.
    pub const REQUEST_PUBLIC_KEY: u8 = 2;
    /// The scramble matched the server's cache: an OK packet follows.
    pub const FAST_AUTH_SUCCESS: u8 = 3;
    /// The server needs the password itself: over TLS in clear, else RSA-encrypted.
    pub const PERFORM_FULL_AUTHENTICATION: u8 = 4;
}

/// caching_sha2_password full authentication over TLS: the password in clear with a
/// terminating NUL (MySQL `sql-common/client_authentication.cc`,
/// `caching_sha2_password_auth_client`).
pub(crate) fn clear_password(password: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(password.len() + 1);
    out.extend_from_slice(password.as_bytes());
    out.push(0);
    out
}

/// The password for caching_sha2_password full authentication without TLS: the
/// password with a terminating NUL, XORed with the nonce (repeated), encrypted with
/// the server's RSA public key (PEM) using PKCS#1 OAEP padding, which is what MySQL's
/// client does with OpenSSL's `RSA_PKCS1_OAEP_PADDING` (same source).
pub(crate) fn rsa_encrypted_password(
    password: &str,
    nonce: &[u8],
    public_key_pem: &[u8],
) -> Result<Vec<u8>, ProtocolViolation> {
    if nonce.is_empty() {
        return Err(ProtocolViolation(
            "no nonce to mix into the RSA-encrypted password".to_owned(),
        ));
    }
    let mut mixed = clear_password(password);
    for (byte, key) in mixed.iter_mut().zip(nonce.iter().cycle()) {
        *byte ^= key;
    }
    // MySQL sends a SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"); accept PKCS#1 too.
    let key = Rsa::public_key_from_pem(public_key_pem)
        .or_else(|_| Rsa::public_key_from_pem_pkcs1(public_key_pem))
        .map_err(|e| {
            ProtocolViolation(format!(
                "the server's RSA public key for caching_sha2_password is not a PEM RSA key: {e}"
            ))
        })?;
    // OAEP with SHA-1 takes at most size - 42 bytes.
    let size = key.size() as usize;
    if mixed.len() + 42 > size {
        return Err(ProtocolViolation(format!(
            "the password is too long ({} bytes) for the server's {}-bit RSA key",
            password.len(),
            size * 8
        )));
    }
    let mut out = vec![0u8; size];
    let len = key
        .public_encrypt(&mixed, &mut out, Padding::PKCS1_OAEP)
        .map_err(|e| ProtocolViolation(format!("RSA encryption of the password failed: {e}")))?;
    out.truncate(len);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn auth_responses_per_plugin() {
        // The scramble values themselves are checked by logging in to a real server
        // (tests/replication.rs, tests/auth.rs); here: lengths, empty password,
        // unknown plugins.
        let nonce = b"abcdefghijklmnopqrst";
        assert_eq!(
            auth_response(MYSQL_NATIVE_PASSWORD, nonce, "secret").map(|r| r.len()),
            Some(20)
        );
        assert_eq!(
            auth_response(MYSQL_NATIVE_PASSWORD, nonce, "").unwrap(),
            Vec::<u8>::new()
        );
        assert_eq!(auth_response("dialog", nonce, "x"), None);
        assert_eq!(
            auth_response(CACHING_SHA2_PASSWORD, nonce, "x").map(|r| r.len()),
            Some(32)
        );
        assert_eq!(
            auth_response(CLIENT_ED25519, &[7; 32], "x").map(|r| r.len()),
            Some(64)
        );
    }

    #[test]
    fn ed25519_nonce_keeps_a_trailing_zero() {
        let mut data = [9u8; 32];
        data[31] = 0;
        assert_eq!(plugin_nonce(CLIENT_ED25519, &data).len(), 32);
        assert_eq!(plugin_nonce(MYSQL_NATIVE_PASSWORD, b"abc\0"), b"abc");
    }

    /// What MariaDB (Debian's mariadb-server, checked by tests/auth.rs) stores as the
    /// `authentication_string` of `CREATE USER … IDENTIFIED VIA ed25519 USING
    /// PASSWORD('secret')`: the public key it verifies signatures with.
    const MARIADB_ED25519_PASSWORD_SECRET: &str = "ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY";

    #[test]
    fn ed25519_public_key_matches_mariadb() {
        let key =
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(ed25519_public_key(b"secret"));
        assert_eq!(key, MARIADB_ED25519_PASSWORD_SECRET);
    }

    #[test]
    fn ed25519_signature_verifies_with_the_stored_key() {
        // Verification by an independent implementation (OpenSSL's Ed25519) with the
        // key MariaDB stores: the signature is what the server checks.
        use openssl::pkey::{Id, PKey};
        use openssl::sign::Verifier;
        let public = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(MARIADB_ED25519_PASSWORD_SECRET)
            .unwrap();
        let key = PKey::public_key_from_raw_bytes(&public, Id::ED25519).unwrap();
        let nonce = b"0123456789abcdef0123456789abcdef";
        let signature = ed25519_signature(b"secret", nonce);
        let mut verifier = Verifier::new_without_digest(&key).unwrap();
        assert!(verifier.verify_oneshot(&signature, nonce).unwrap());
        let wrong = ed25519_signature(b"Secret", nonce);
        assert!(!verifier.verify_oneshot(&wrong, nonce).unwrap());
    }

    #[test]
    fn rsa_password_round_trip_and_bad_keys() {
        let key = Rsa::generate(2048).unwrap();
        let pem = key.public_key_to_pem().unwrap();
        let nonce = b"abcdefghijklmnopqrst";
        let encrypted = rsa_encrypted_password("secret", nonce, &pem).unwrap();
        assert_eq!(encrypted.len(), 256);
        let mut clear = vec![0u8; 256];
        let n = key
            .private_decrypt(&encrypted, &mut clear, Padding::PKCS1_OAEP)
            .unwrap();
        let unmixed: Vec<u8> = clear[..n]
            .iter()
            .zip(nonce.iter().cycle())
            .map(|(a, b)| a ^ b)
            .collect();
        assert_eq!(unmixed, b"secret\0");
        let pkcs1 = key.public_key_to_pem_pkcs1().unwrap();
        assert!(rsa_encrypted_password("secret", nonce, &pkcs1).is_ok());
        assert!(rsa_encrypted_password("secret", nonce, b"garbage").is_err());
        assert!(rsa_encrypted_password("secret", b"", &pem).is_err());
        let long = "x".repeat(300);
        let err = rsa_encrypted_password(&long, nonce, &pem).unwrap_err();
        assert!(err.0.contains("too long"), "{}", err.0);
    }
}
