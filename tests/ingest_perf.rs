//! A rough speed check of the streaming decoders against a bare serde_json parse of the same
//! bytes into `IgnoredAny` (SPEC §8: within 2x). Ignored by default; run with
//! `cargo test --release --test ingest_perf -- --ignored --nocapture`.

use std::fmt::Write;
use std::time::Instant;

use serde::de::IgnoredAny;
use spo2b2b::ingest::{InputKind, load_bytes};

fn guests(n: usize) -> String {
    let mut s = String::from(
        "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"value\":[",
    );
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"id\":\"{i:08x}-aaaa-4bbb-8ccc-000000000001\",\"displayName\":\"Guest {i}\",\
             \"mail\":\"user{i}@domain{}.com\",\"userPrincipalName\":\"user{i}_domain{}.com#EXT#@contoso.onmicrosoft.com\",\
             \"otherMails\":[\"user{i}@domain{}.com\"],\"externalUserState\":\"Accepted\",\
             \"creationType\":\"Invitation\",\"userType\":\"Guest\",\"businessPhones\":[],\
             \"jobTitle\":null,\"officeLocation\":null,\"preferredLanguage\":null}}",
            i % 5000,
            i % 5000,
            i % 5000
        );
    }
    s.push_str("]}");
    s
}

fn groups(n: usize, members: usize) -> String {
    let mut s = String::from("{\"value\":[");
    for g in 0..n {
        if g > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"id\":\"{g:08x}-0000-4000-8000-000000000000\",\"displayName\":\"Group {g}\",\
             \"resourceProvisioningOptions\":[\"Team\"],\"members\":["
        );
        for m in 0..members {
            if m > 0 {
                s.push(',');
            }
            let _ = write!(
                s,
                "{{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"{m:08x}-aaaa-4bbb-8ccc-000000000001\",\
                 \"mail\":\"user{m}@domain.com\",\"userPrincipalName\":\"user{m}_domain.com#EXT#@contoso.onmicrosoft.com\"}}"
            );
        }
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

fn compare(name: &str, kind: InputKind, text: String) {
    let bytes = text.into_bytes();
    let t = Instant::now();
    let _: IgnoredAny = serde_json::from_slice(&bytes).unwrap();
    let bare = t.elapsed();
    let t = Instant::now();
    let loaded = load_bytes(kind, name, bytes, None).unwrap();
    let ours = t.elapsed();
    println!(
        "{name}: {} records, bare parse {bare:?}, ingest {ours:?} ({:.2}x)",
        loaded.inputs[0].records,
        ours.as_secs_f64() / bare.as_secs_f64()
    );
}

#[test]
#[ignore]
fn ingest_is_close_to_a_bare_parse() {
    compare("guests.json", InputKind::Guests, guests(200_000));
    compare("groups.json", InputKind::Groups, groups(20_000, 50));
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct G {
    id: Option<String>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    mail: Option<String>,
    #[serde(rename = "userPrincipalName")]
    upn: Option<String>,
    #[serde(rename = "otherMails")]
    other: Option<Vec<String>>,
    #[serde(rename = "externalUserState")]
    state: Option<String>,
    #[serde(rename = "creationType")]
    ct: Option<String>,
    #[serde(rename = "userType")]
    ut: Option<String>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Page {
    value: Vec<G>,
}

#[test]
#[ignore]
fn derive_floor() {
    let bytes = guests(200_000).into_bytes();
    let t = Instant::now();
    let p: Page = serde_json::from_slice(&bytes).unwrap();
    println!("derive: {:?} {}", t.elapsed(), p.value.len());
    let t = Instant::now();
    let _: IgnoredAny = serde_json::from_slice(&bytes).unwrap();
    println!("bare: {:?}", t.elapsed());
}
