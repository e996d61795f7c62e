//! json.rs and json_read.rs against serde_json, an independent implementation:
//! random strings (controls, quotes, backslashes, every plane of Unicode) must
//! round-trip through our encoder → serde_json, and serde_json → our reader.

use ch11_long_polling::feed::Event;
use ch11_long_polling::{json, json_read};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A random string biased towards the characters that need care.
fn random_string(rng: &mut StdRng) -> String {
    let len = rng.random_range(0..40);
    (0..len)
        .map(|_| match rng.random_range(0..6) {
            0 => char::from(rng.random_range(0u8..0x20)), // controls
            1 => ['"', '\\', '/', '\u{7f}'][rng.random_range(0..4)],
            2 => char::from(rng.random_range(0x20u8..0x7f)),
            3 => char::from_u32(rng.random_range(0x80..0xD800)).unwrap(),
            4 => char::from_u32(rng.random_range(0xE000..0x110000)).unwrap_or('x'),
            _ => ['\u{2028}', '\u{2029}', '\u{feff}', '😀'][rng.random_range(0..4)],
        })
        .collect()
}

#[test]
fn our_encoder_is_read_back_by_serde_json() {
    let mut rng = StdRng::seed_from_u64(11);
    for i in 0..20_000u64 {
        let data = random_string(&mut rng);
        let text = json::event(&Event {
            id: i,
            data: data.clone(),
        });
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(v["id"].as_u64(), Some(i));
        assert_eq!(v["data"].as_str(), Some(data.as_str()), "{text:?}");
    }
}

#[test]
fn serde_json_output_is_read_back_by_ours() {
    let mut rng = StdRng::seed_from_u64(12);
    for i in 0..20_000u64 {
        let data = random_string(&mut rng);
        // serde_json escapes differently from us (it never uses \u for non-controls,
        // but our reader must take any valid escaping), so also try forced \u escapes.
        let theirs = serde_json::json!([{ "id": i, "data": data }]).to_string();
        let got = json_read::parse_events(&theirs).unwrap_or_else(|e| panic!("{theirs:?}: {e}"));
        assert_eq!(
            got,
            vec![Event {
                id: i,
                data: data.clone()
            }]
        );
        let all_escaped: String = data.encode_utf16().map(|u| format!("\\u{u:04X}")).collect();
        let ours = json_read::parse(&format!("\"{all_escaped}\"")).unwrap();
        assert_eq!(ours.as_str(), Some(data.as_str()));
    }
}
