//! Step 8 of SPEC §4: consumer mail providers, in one documented place.
//!
//! Allowing a free-mail domain admits anyone who opens a mailbox there, which is rarely what an
//! allow list is for; blocking one is a common, deliberate choice. The list holds the providers
//! SPEC names plus their well-known sister domains and other large free-mail services. It is
//! matched exactly on the canonical name: subdomains of these providers are not mail domains.

/// Consumer mail domains, sorted (checked by a test) for binary search. To add a provider, insert
/// its domain in order, canonical (lower-case ASCII).
pub const CONSUMER_DOMAINS: &[&str] = &[
    "126.com",        // NetEase
    "163.com",        // NetEase
    "aim.com",        // AOL
    "aol.com",        // AOL
    "bk.ru",          // Mail.ru group
    "daum.net",       // Kakao
    "fastmail.com",   // Fastmail
    "free.fr",        // Free
    "gmail.com",      // Google
    "gmx.at",         // GMX
    "gmx.ch",         // GMX
    "gmx.com",        // GMX
    "gmx.de",         // GMX
    "gmx.net",        // GMX
    "googlemail.com", // Google (old name, still delivered)
    "hanmail.net",    // Kakao
    "hotmail.co.uk",  // Microsoft
    "hotmail.com",    // Microsoft
    "hotmail.de",     // Microsoft
    "hotmail.es",     // Microsoft
    "hotmail.fr",     // Microsoft
    "hotmail.it",     // Microsoft
    "icloud.com",     // Apple
    "inbox.ru",       // Mail.ru group
    "interia.pl",     // Interia
    "laposte.net",    // La Poste
    "libero.it",      // Italiaonline
    "list.ru",        // Mail.ru group
    "live.co.uk",     // Microsoft
    "live.com",       // Microsoft
    "live.de",        // Microsoft
    "live.fr",        // Microsoft
    "live.nl",        // Microsoft
    "mac.com",        // Apple
    "mail.com",       // mail.com
    "mail.ru",        // Mail.ru group
    "me.com",         // Apple
    "msn.com",        // Microsoft
    "naver.com",      // Naver
    "o2.pl",          // WP
    "orange.fr",      // Orange
    "outlook.com",    // Microsoft
    "outlook.de",     // Microsoft
    "outlook.es",     // Microsoft
    "outlook.fr",     // Microsoft
    "outlook.it",     // Microsoft
    "pm.me",          // Proton
    "proton.me",      // Proton
    "protonmail.ch",  // Proton
    "protonmail.com", // Proton
    "qq.com",         // Tencent
    "rediffmail.com", // Rediff
    "rocketmail.com", // Yahoo
    "seznam.cz",      // Seznam
    "sina.com",       // Sina
    "t-online.de",    // Telekom
    "tuta.io",        // Tuta
    "tutanota.com",   // Tuta
    "wanadoo.fr",     // Orange
    "web.de",         // WEB.DE
    "wp.pl",          // WP
    "ya.ru",          // Yandex
    "yahoo.co.jp",    // Yahoo Japan
    "yahoo.co.uk",    // Yahoo
    "yahoo.com",      // Yahoo
    "yahoo.de",       // Yahoo
    "yahoo.fr",       // Yahoo
    "yandex.com",     // Yandex
    "yandex.ru",      // Yandex
    "yeah.net",       // NetEase
    "ymail.com",      // Yahoo
];

/// Whether a canonical name is a consumer mail provider (exact match).
pub fn is_consumer_domain(canonical: &str) -> bool {
    CONSUMER_DOMAINS.binary_search(&canonical).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_unique_and_canonical() {
        for w in CONSUMER_DOMAINS.windows(2) {
            assert!(w[0] < w[1], "{} must come before {}", w[0], w[1]);
        }
        for d in CONSUMER_DOMAINS {
            assert_eq!(super::super::to_ascii(d).as_deref(), Ok(*d));
        }
    }

    #[test]
    fn spec_providers_are_listed() {
        for d in [
            "gmail.com",
            "outlook.com",
            "hotmail.com",
            "live.com",
            "msn.com",
            "yahoo.com",
            "icloud.com",
            "me.com",
            "aol.com",
            "proton.me",
            "protonmail.com",
            "gmx.com",
            "gmx.de",
            "web.de",
            "mail.ru",
            "yandex.ru",
            "qq.com",
            "163.com",
            "googlemail.com",
            "outlook.de",
        ] {
            assert!(is_consumer_domain(d), "{d}");
        }
        for d in ["contoso.com", "mail.gmail.com", "gmail.co", "Gmail.com", ""] {
            assert!(!is_consumer_domain(d), "{d}");
        }
    }
}
