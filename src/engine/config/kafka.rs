//! Kafka client settings: Java client property names (as a Debezium/Kafka Connect file
//! carries them) translated to librdkafka's.
//!
//! Owns the translation table and the refusal of what librdkafka cannot do (AWS MSK IAM,
//! JKS stores, Java callback classes). It must not open connections: it only produces a
//! `(librdkafka key, value)` list for the emitter or a history store.
//!
//! A Java setting is skipped when the librdkafka setting it would produce is given
//! explicitly with `tributary.kafka.<key>`; that is how a file that still carries the
//! MSK IAM settings for Debezium is made usable: add
//! `tributary.kafka.sasl.mechanisms=SCRAM-SHA-512` (plus username and password).

use std::collections::BTreeMap;

use super::ConfigError;

/// One Java Kafka client setting found in the connector file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaClientSetting {
    /// The full property, e.g. `database.history.producer.sasl.mechanism`.
    pub property: String,
    /// The Java client setting name, e.g. `sasl.mechanism`.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// What to use instead of the Java-only authentication of AWS MSK.
const MSK_ALTERNATIVES: &str = "librdkafka cannot load the Java aws-msk-iam-auth plugin; \
use SASL/SCRAM-SHA-512 (tributary.kafka.sasl.mechanisms=SCRAM-SHA-512 with \
tributary.kafka.sasl.username and tributary.kafka.sasl.password, MSK's SCRAM listener) or \
OAUTHBEARER (tributary.kafka.sasl.mechanisms=OAUTHBEARER with librdkafka's \
sasl.oauthbearer.* settings, e.g. tributary.kafka.sasl.oauthbearer.method=oidc)";

/// Java client settings that mean the same in librdkafka, under the same name.
const SAME_NAME: &[&str] = &[
    "client.id",
    "compression.type",
    "acks",
    "linger.ms",
    "batch.size",
    "request.timeout.ms",
    "retries",
    "retry.backoff.ms",
    "retry.backoff.max.ms",
    "enable.idempotence",
    "max.in.flight.requests.per.connection",
    "delivery.timeout.ms",
    "socket.connection.setup.timeout.ms",
    "reconnect.backoff.ms",
    "reconnect.backoff.max.ms",
    "metadata.max.age.ms",
    "client.dns.lookup",
    "group.id",
    "auto.offset.reset",
    "enable.auto.commit",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "isolation.level",
    "fetch.min.bytes",
    "fetch.max.bytes",
    "max.partition.fetch.bytes",
    "ssl.key.password",
];

/// Java settings with no meaning for a byte-oriented librdkafka client.
const IGNORED: &[&str] = &[
    "key.serializer",
    "value.serializer",
    "key.deserializer",
    "value.deserializer",
    "ssl.truststore.type",
    "ssl.truststore.password",
    "ssl.keystore.type",
];

/// Translates `java` (in order, later wins) into librdkafka settings, then appends
/// `explicit` (`tributary.kafka.*` without the prefix), which wins over everything.
pub fn translate(
    java: &[JavaClientSetting],
    explicit: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, ConfigError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for setting in java {
        for (key, value) in translate_one(setting, java, explicit)? {
            out.retain(|(k, _)| *k != key);
            out.push((key, value));
        }
    }
    for (key, value) in explicit {
        out.retain(|(k, _)| k != key);
        out.push((key.clone(), value.clone()));
    }
    Ok(out)
}

fn refuse(setting: &JavaClientSetting, reason: &str) -> ConfigError {
    ConfigError::KafkaSetting {
        key: setting.property.clone(),
        value: setting.value.clone(),
        reason: reason.to_string(),
    }
}

/// The sibling setting `name` of the same client (same property prefix).
fn sibling<'a>(
    java: &'a [JavaClientSetting],
    of: &JavaClientSetting,
    name: &str,
) -> Option<&'a str> {
    let prefix = of.property.strip_suffix(&of.name)?;
    java.iter()
        .rev()
        .find(|s| s.name == name && s.property.strip_suffix(&s.name) == Some(prefix))
        .map(|s| s.value.as_str())
}

fn translate_one(
    setting: &JavaClientSetting,
    java: &[JavaClientSetting],
    explicit: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, ConfigError> {
    let overridden = |key: &str| explicit.contains_key(key);
    let value = setting.value.trim();
    let pair = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
    match setting.name.as_str() {
        name if IGNORED.contains(&name) => Ok(Vec::new()),
        name if SAME_NAME.contains(&name) => Ok(pair(name, value)),
        "bootstrap.servers" => Ok(pair("bootstrap.servers", value)),
        "security.protocol" => {
            let lower = value.to_ascii_lowercase();
            if ["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"].contains(&lower.as_str()) {
                Ok(pair("security.protocol", &lower))
            } else {
                Err(refuse(
                    setting,
                    "expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL",
                ))
            }
        }
        "sasl.mechanism" if overridden("sasl.mechanisms") => Ok(Vec::new()),
        "sasl.mechanism" => match value.to_ascii_uppercase().as_str() {
            m @ ("PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512") => Ok(pair("sasl.mechanisms", m)),
            "AWS_MSK_IAM" => Err(refuse(setting, MSK_ALTERNATIVES)),
            "OAUTHBEARER" => Err(refuse(
                setting,
                "the Java OAUTHBEARER login needs Java callback classes; configure librdkafka's \
                 own token retrieval with tributary.kafka.sasl.mechanisms=OAUTHBEARER and \
                 tributary.kafka.sasl.oauthbearer.* (e.g. sasl.oauthbearer.method=oidc)",
            )),
            _ => Err(refuse(
                setting,
                "expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (GSSAPI is not built in); \
                 set tributary.kafka.sasl.mechanisms to override",
            )),
        },
        "sasl.jaas.config" if overridden("sasl.mechanisms") || overridden("sasl.username") => {
            Ok(Vec::new())
        }
        "sasl.jaas.config" => translate_jaas(setting),
        "sasl.client.callback.handler.class"
        | "sasl.login.callback.handler.class"
        | "sasl.login.class"
            if overridden("sasl.mechanisms") =>
        {
            Ok(Vec::new())
        }
        "sasl.client.callback.handler.class"
        | "sasl.login.callback.handler.class"
        | "sasl.login.class" => {
            if value.contains("software.amazon.msk.auth.iam") {
                Err(refuse(setting, MSK_ALTERNATIVES))
            } else {
                Err(refuse(
                    setting,
                    "librdkafka cannot load Java classes; choose the SASL mechanism with \
                     tributary.kafka.sasl.mechanisms and librdkafka's sasl.* settings",
                ))
            }
        }
        "ssl.truststore.location" if overridden("ssl.ca.location") || overridden("ssl.ca.pem") => {
            Ok(Vec::new())
        }
        "ssl.truststore.location" => {
            if is_pem_store(value, sibling(java, setting, "ssl.truststore.type")) {
                Ok(pair("ssl.ca.location", value))
            } else {
                Err(refuse(
                    setting,
                    "librdkafka reads CA certificates as PEM, not JKS/PKCS12 trust stores; export \
                     them (keytool -exportcert -rfc) and set tributary.kafka.ssl.ca.location",
                ))
            }
        }
        "ssl.truststore.certificates" => Ok(pair("ssl.ca.pem", value)),
        "ssl.keystore.location"
            if overridden("ssl.keystore.location") || overridden("ssl.certificate.location") =>
        {
            Ok(Vec::new())
        }
        "ssl.keystore.location" => {
            translate_keystore(setting, sibling(java, setting, "ssl.keystore.type"))
        }
        "ssl.keystore.password" => {
            let store = sibling(java, setting, "ssl.keystore.location").unwrap_or_default();
            if is_pkcs12_store(store, sibling(java, setting, "ssl.keystore.type")) {
                Ok(pair("ssl.keystore.password", value))
            } else {
                Ok(Vec::new())
            }
        }
        "ssl.endpoint.identification.algorithm" => {
            let algorithm = if value.is_empty() { "none" } else { value };
            Ok(pair(
                "ssl.endpoint.identification.algorithm",
                &algorithm.to_ascii_lowercase(),
            ))
        }
        "max.request.size" => Ok(pair("message.max.bytes", value)),
        name if overridden(name) => Ok(Vec::new()),
        name => Err(refuse(
            setting,
            &format!(
                "Tributary knows no librdkafka equivalent of the Java client setting {name}; \
                 set the librdkafka setting with tributary.kafka.<key> instead"
            ),
        )),
    }
}

fn has_extension(path: &str, extensions: &[&str]) -> bool {
    let lower = path.to_ascii_lowercase();
    extensions.iter().any(|ext| lower.ends_with(ext))
}

fn is_pem_store(path: &str, store_type: Option<&str>) -> bool {
    match store_type {
        Some(t) => t.trim().eq_ignore_ascii_case("PEM"),
        None => has_extension(path, &[".pem", ".crt", ".cer"]),
    }
}

fn is_pkcs12_store(path: &str, store_type: Option<&str>) -> bool {
    match store_type {
        Some(t) => t.trim().eq_ignore_ascii_case("PKCS12"),
        None => has_extension(path, &[".p12", ".pfx"]),
    }
}

fn translate_keystore(
    setting: &JavaClientSetting,
    store_type: Option<&str>,
) -> Result<Vec<(String, String)>, ConfigError> {
    let path = setting.value.trim().to_string();
    if is_pkcs12_store(&path, store_type) {
        Ok(vec![("ssl.keystore.location".into(), path)])
    } else if is_pem_store(&path, store_type) {
        // A Java PEM key store holds the key and the certificate chain in one file.
        Ok(vec![
            ("ssl.certificate.location".into(), path.clone()),
            ("ssl.key.location".into(), path),
        ])
    } else {
        Err(refuse(
            setting,
            "librdkafka reads PKCS#12 or PEM key stores, not JKS; convert it (keytool \
             -importkeystore -deststoretype PKCS12) or set tributary.kafka.ssl.keystore.location",
        ))
    }
}

/// `sasl.jaas.config`: `<LoginModule class> <flag> key="value" ...;`.
fn translate_jaas(setting: &JavaClientSetting) -> Result<Vec<(String, String)>, ConfigError> {
    let tokens = jaas_tokens(&setting.value).map_err(|reason| refuse(setting, &reason))?;
    let Some(module) = tokens.first() else {
        return Err(refuse(
            setting,
            "expected `<LoginModule class> required key=\"value\" ...;`",
        ));
    };
    if module.contains("software.amazon.msk.auth.iam") {
        return Err(refuse(setting, MSK_ALTERNATIVES));
    }
    let is_user_password = module == "org.apache.kafka.common.security.scram.ScramLoginModule"
        || module == "org.apache.kafka.common.security.plain.PlainLoginModule";
    if !is_user_password {
        return Err(refuse(
            setting,
            "only ScramLoginModule and PlainLoginModule (username/password) translate to \
             librdkafka; set tributary.kafka.sasl.* for other mechanisms",
        ));
    }
    let mut out = Vec::new();
    for option in tokens.iter().skip(2) {
        if let Some((key, value)) = option.split_once('=') {
            match key {
                "username" => out.push(("sasl.username".to_string(), value.to_string())),
                "password" => out.push(("sasl.password".to_string(), value.to_string())),
                _ => {}
            }
        }
    }
    Ok(out)
}

/// Splits a JAAS entry into whitespace-separated tokens, `key="quoted value"` joined into
/// `key=quoted value`, stopping at `;`.
fn jaas_tokens(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(escaped) => current.push(escaped),
                        None => return Err("unterminated quoted value in JAAS config".into()),
                    },
                    Some(other) => current.push(other),
                    None => return Err("unterminated quoted value in JAAS config".into()),
                }
            },
            ';' => break,
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            other => current.push(other),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(name: &str, value: &str) -> JavaClientSetting {
        JavaClientSetting {
            property: format!("schema.history.internal.producer.{name}"),
            name: name.to_string(),
            value: value.to_string(),
        }
    }

    fn ok(java: &[JavaClientSetting], explicit: &[(&str, &str)]) -> Vec<(String, String)> {
        let explicit = explicit
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        match translate(java, &explicit) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }

    fn lookup<'a>(settings: &'a [(String, String)], key: &str) -> Option<&'a str> {
        settings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    // Names per Kafka's client docs (sasl.mechanism, sasl.jaas.config) and librdkafka's
    // CONFIGURATION.md (sasl.mechanisms, sasl.username, sasl.password).
    #[test]
    fn scram_translates_to_username_and_password() {
        let out = ok(
            &[
                setting("security.protocol", "SASL_SSL"),
                setting("sasl.mechanism", "SCRAM-SHA-512"),
                setting(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"p\\\"w d\";",
                ),
            ],
            &[],
        );
        assert_eq!(lookup(&out, "security.protocol"), Some("sasl_ssl"));
        assert_eq!(lookup(&out, "sasl.mechanisms"), Some("SCRAM-SHA-512"));
        assert_eq!(lookup(&out, "sasl.username"), Some("alice"));
        assert_eq!(lookup(&out, "sasl.password"), Some("p\"w d"));
    }

    #[test]
    fn msk_iam_is_refused_with_alternatives() {
        let java = [setting("sasl.mechanism", "AWS_MSK_IAM")];
        let message = translate(&java, &BTreeMap::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("AWS_MSK_IAM"), "{message}");
        assert!(message.contains("SCRAM-SHA-512"), "{message}");
        assert!(message.contains("OAUTHBEARER"), "{message}");
    }

    #[test]
    fn explicit_mechanism_overrides_the_iam_settings() {
        let java = [
            setting("security.protocol", "SASL_SSL"),
            setting("sasl.mechanism", "AWS_MSK_IAM"),
            setting(
                "sasl.jaas.config",
                "software.amazon.msk.auth.iam.IAMLoginModule required;",
            ),
            setting(
                "sasl.client.callback.handler.class",
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
            ),
        ];
        let out = ok(
            &java,
            &[("sasl.mechanisms", "SCRAM-SHA-512"), ("sasl.username", "u")],
        );
        assert_eq!(lookup(&out, "sasl.mechanisms"), Some("SCRAM-SHA-512"));
        assert_eq!(lookup(&out, "security.protocol"), Some("sasl_ssl"));
    }

    #[test]
    fn pem_truststore_becomes_ca_location_and_jks_is_refused() {
        let out = ok(&[setting("ssl.truststore.location", "/etc/ca.pem")], &[]);
        assert_eq!(lookup(&out, "ssl.ca.location"), Some("/etc/ca.pem"));
        let jks = [setting(
            "ssl.truststore.location",
            "/tmp/kafka.client.truststore.jks",
        )];
        let message = translate(&jks, &BTreeMap::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("ssl.truststore.location"), "{message}");
    }

    #[test]
    fn unknown_java_setting_is_refused_unless_given_explicitly() {
        let java = [setting("buffer.memory", "33554432")];
        assert!(translate(&java, &BTreeMap::new()).is_err());
        let out = ok(&java, &[("buffer.memory", "1")]);
        assert_eq!(lookup(&out, "buffer.memory"), Some("1"));
    }
}
