//! Inbound order documents: parse time against document shape, and peak memory for hostile
//! documents.
//!
//! `cargo run --release -p procura-orders --example xml_bench [-- N1 N2]` (sibling counts, by
//! default 10000 40000)
//!
//! Prints, for a cXML confirmation with 10,000 and with 40,000 distinct sibling elements, the
//! time of `parse_supplier_messages` (mean CPU time, and the fastest wall time) and the ratio
//! (linear reading gives
//! about 4 for 4 times the input), next to the tree reader the core had before (every node
//! holding a copy of its path, siblings numbered by a linear search), kept below for comparison.
//! Then the peak heap of reading each of several hostile documents of about 400 KB, measured by a
//! counting global allocator (`peak_alloc`), and of the old reader on the same shapes at a tenth
//! of the size (at full size it needs gigabytes).

use peak_alloc::PeakAlloc;
use procura_orders::order::documents::{MAX_DEPTH, MAX_NAME_BYTES};
use procura_orders::order::parse_supplier_messages;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// A valid cXML confirmation of order PO-1 with `extra` inside its `ConfirmationRequest`.
fn confirmation(extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="bench@supplier.example" timestamp="2026-11-25T10:01:40Z">
<Header>
<From><Credential domain="NetworkID"><Identity>AN-1</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>AN-2</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>AN-1</Identity></Credential></Sender>
</Header>
<Request><ConfirmationRequest>
<ConfirmationHeader type="accept" noticeDate="2026-11-25T10:01:00Z"/>
<OrderReference orderID="PO-1"/>
{extra}
</ConfirmationRequest></Request>
</cXML>"#
    )
}

fn distinct_siblings(n: usize) -> String {
    confirmation(&(0..n).map(|i| format!("<E{i}/>")).collect::<String>())
}

/// Hostile shapes of about `bytes` bytes.
fn hostile(bytes: usize) -> Vec<(&'static str, String)> {
    let fill = |unit: &str| unit.repeat(bytes / unit.len());
    // The deepest chain of the longest names the reader takes, and many small leaves under it:
    // what made every node's copied path expensive.
    let name = "N".repeat(MAX_NAME_BYTES);
    let depth = MAX_DEPTH - 6;
    let chain_bytes = depth * (2 * name.len() + 5);
    let leaves = "<a/>".repeat(bytes.saturating_sub(chain_bytes) / 4);
    let deep = format!(
        "{}{leaves}{}",
        format!("<{name}>").repeat(depth),
        format!("</{name}>").repeat(depth)
    );
    let attrs: String = (0..31).map(|i| format!(" a{i}='x'")).collect();
    vec![
        ("empty siblings <a/>", confirmation(&fill("<a/>"))),
        (
            "distinct siblings",
            distinct_siblings(bytes / "<E10000/>".len()),
        ),
        ("deep chain of long names + leaves", confirmation(&deep)),
        (
            "31 attributes per element",
            confirmation(&fill(&format!("<a{attrs}/>"))),
        ),
        ("text and references", confirmation(&fill("<a>&amp;x</a>"))),
    ]
}

/// CPU time this thread has used (Linux: `/proc/thread-self/stat`, in clock ticks of 10 ms),
/// when readable. On a shared machine wall time also counts the neighbours' turns, more of them
/// the longer a run is; CPU time does not.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The fastest wall time of `reps` runs, and the mean CPU time of as many runs as make about
/// a second of CPU (at least `reps`).
fn time(reps: usize, mut f: impl FnMut()) -> (Duration, Option<Duration>) {
    let mut fastest = Duration::MAX;
    let cpu_start = cpu_time();
    let mut runs = 0u32;
    let started = Instant::now();
    let second = cpu_start.map(|c| c + Duration::from_secs(1));
    loop {
        let t = Instant::now();
        f();
        fastest = fastest.min(t.elapsed());
        runs += 1;
        let enough_cpu = second.is_none() || cpu_time() >= second;
        if runs as usize >= reps && (enough_cpu || started.elapsed() > Duration::from_secs(30)) {
            break;
        }
    }
    let cpu = cpu_start.zip(cpu_time()).map(|(a, b)| (b - a) / runs);
    (fastest, cpu)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// The heap a run needs above what was allocated before it.
fn peak(f: impl FnOnce()) -> usize {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    f();
    ALLOC.peak_usage().saturating_sub(base)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn main() {
    println!("Parse time, cXML confirmation with N distinct sibling elements:");
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.len() == 2 {
        sizes
    } else {
        vec![10_000, 40_000]
    };
    let mut new_times = Vec::new();
    let mut old_times = Vec::new();
    for &n in &sizes {
        let xml = distinct_siblings(n);
        let answer = parse_supplier_messages(&xml);
        assert!(answer.is_ok(), "{answer:?}");
        let new = time(21, || {
            std::hint::black_box(parse_supplier_messages(&xml).is_ok());
        });
        let old = time(1, || {
            std::hint::black_box(old::parse(&xml).is_some());
        });
        let cpu = |c: Option<Duration>| c.map_or_else(|| "?".to_owned(), ms);
        println!(
            "  N = {n:>6} ({:>4} KB): now {:>9} CPU, {:>9} wall   old tree reader {:>11} CPU, {:>11} wall",
            xml.len() / 1024,
            cpu(new.1),
            ms(new.0),
            cpu(old.1),
            ms(old.0)
        );
        new_times.push(new);
        old_times.push(old);
    }
    let ratio = |t: &[(Duration, Option<Duration>)], cpu: bool| {
        let pick = |x: &(Duration, Option<Duration>)| if cpu { x.1.unwrap_or(x.0) } else { x.0 };
        pick(&t[1]).as_secs_f64() / pick(&t[0]).as_secs_f64()
    };
    println!(
        "  {} / {} (input {:.0}×): now {:.1}× CPU ({:.1}× wall), old {:.1}× CPU ({:.1}× wall)",
        sizes[1],
        sizes[0],
        sizes[1] as f64 / sizes[0] as f64,
        ratio(&new_times, true),
        ratio(&new_times, false),
        ratio(&old_times, true),
        ratio(&old_times, false),
    );

    println!("\nPeak heap while reading hostile documents (counting allocator):");
    for ((what, xml), (_, small)) in hostile(400 * 1024).into_iter().zip(hostile(40 * 1024)) {
        let mut outcome = String::new();
        let now = peak(|| {
            outcome = match parse_supplier_messages(&xml) {
                Ok(m) => format!("read, {} message(s)", m.len()),
                Err(e) => format!(
                    "refused: {}",
                    e.to_string().chars().take(60).collect::<String>()
                ),
            };
        });
        let old = peak(|| {
            std::hint::black_box(old::parse(&small).is_some());
        });
        println!(
            "  {what:<34} {:>4} KB: now {:>8} ({outcome}); old reader at {} KB: {:>8}",
            xml.len() / 1024,
            mb(now),
            small.len() / 1024,
            mb(old)
        );
    }
}

/// The tree reader the core had before: each node holds its full path, and paths are numbered
/// with a linear search through the names of the siblings seen so far. Safety checks left out;
/// only the tree building is kept, for the comparison.
mod old {
    use quick_xml::events::Event;
    use quick_xml::Reader;

    #[derive(Default)]
    #[allow(dead_code)]
    pub struct Node {
        pub name: String,
        pub path: String,
        pub attrs: Vec<(String, String)>,
        pub text: String,
        pub children: Vec<Node>,
    }

    pub fn parse(xml: &str) -> Option<Node> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let mut open: Vec<Node> = Vec::new();
        loop {
            match reader.read_event().ok()? {
                Event::Start(s) => {
                    let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                    let attrs = s
                        .attributes()
                        .filter_map(Result::ok)
                        .map(|a| {
                            let k =
                                String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                            (
                                k,
                                a.unescape_value()
                                    .map(|v| v.into_owned())
                                    .unwrap_or_default(),
                            )
                        })
                        .collect();
                    open.push(Node {
                        name,
                        attrs,
                        ..Node::default()
                    });
                }
                Event::End(_) => {
                    let done = open.pop()?;
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => {
                            let mut root = done;
                            fix_paths(&mut root, "");
                            return Some(root);
                        }
                    }
                }
                Event::Text(t) => {
                    if let (Some(n), Ok(text)) = (open.last_mut(), t.xml10_content()) {
                        n.text.push_str(&text);
                    }
                }
                Event::Eof => return None,
                _ => {}
            }
        }
    }

    fn fix_paths(node: &mut Node, parent: &str) {
        if node.path.is_empty() {
            node.path = format!("{parent}/{}", node.name);
        }
        let mut seen: Vec<(String, usize, usize)> = Vec::new();
        for c in &node.children {
            match seen.iter_mut().find(|(n, _, _)| *n == c.name) {
                Some(entry) => entry.1 += 1,
                None => seen.push((c.name.clone(), 1, 0)),
            }
        }
        let path = node.path.clone();
        for c in &mut node.children {
            let entry = seen
                .iter_mut()
                .find(|(n, _, _)| *n == c.name)
                .map(|e| {
                    e.2 += 1;
                    (e.1, e.2)
                })
                .unwrap_or((1, 1));
            c.path = if entry.0 > 1 {
                format!("{path}/{}[{}]", c.name, entry.1)
            } else {
                format!("{path}/{}", c.name)
            };
            fix_paths(c, &path);
        }
    }
}
