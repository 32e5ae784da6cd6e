//! A small JSON reader that remembers where each value is and keeps numbers as written.
//!
//! Why not `serde_json::Value`: it forgets positions (errors could not name a line), and it reads
//! numbers as `f64` (`0.1` would not stay `0.1`) unless its `arbitrary_precision` feature is on,
//! which Cargo would switch on for the app and the endpoint too, changing how they read numbers.
//! JSON's grammar is small enough to read here exactly (RFC 8259), with a nesting limit so a
//! hostile file cannot exhaust the stack.

use crate::import::{JsonSyntax, JsonType};

/// Deeper nesting than this is refused (a catalog file needs four levels).
const MAX_DEPTH: usize = 64;

/// A JSON value and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub line: u64,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written (`24.00`, `-1e3`).
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in file order; duplicate keys are kept for the caller to report.
    Object(Vec<(String, Node)>),
}

impl Value {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> JsonType {
        match self {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Bool,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
}

/// Where the text stops being JSON, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: u64,
    /// 1-based, in characters.
    pub column: u64,
    pub problem: JsonSyntax,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u64,
    line_start: usize,
}

/// Reads one JSON document (surrounding whitespace allowed, nothing else).
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error(JsonSyntax::TrailingText));
    }
    Ok(node)
}

impl Parser<'_> {
    fn error(&self, problem: JsonSyntax) -> SyntaxError {
        let column = self.text[self.line_start..self.pos.min(self.text.len())]
            .chars()
            .count() as u64
            + 1;
        SyntaxError {
            line: self.line,
            column,
            problem,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                _ => break,
            }
        }
    }

    fn expect(&mut self, b: u8, missing: JsonSyntax) -> Result<(), SyntaxError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(missing))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(JsonSyntax::TooDeep {
                max: MAX_DEPTH as u64,
            }));
        }
        let line = self.line;
        let value = match self.peek() {
            None => return Err(self.error(JsonSyntax::UnexpectedEnd)),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or('?');
                return Err(self.error(JsonSyntax::UnexpectedChar { found: c }));
            }
        };
        Ok(Node { line, value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(JsonSyntax::UnexpectedWord))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error(JsonSyntax::ExpectedMemberName));
            }
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':', JsonSyntax::ExpectedColon)?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error(JsonSyntax::ExpectedCommaOrBrace)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut elements = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(elements));
        }
        loop {
            self.skip_ws();
            elements.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(elements));
                }
                _ => return Err(self.error(JsonSyntax::ExpectedCommaOrBracket)),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if self.digits() == 0 {
            return Err(self.error(JsonSyntax::ExpectedDigits));
        }
        if self.bytes[int_start] == b'0' && self.pos - int_start > 1 {
            self.pos = int_start;
            return Err(self.error(JsonSyntax::LeadingZero));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error(JsonSyntax::ExpectedFractionDigits));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(JsonSyntax::ExpectedExponentDigits));
            }
        }
        Ok(self.text[start..self.pos].to_owned())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(hex) = hex else {
            return Err(self.error(JsonSyntax::ExpectedHex));
        };
        self.pos += 4;
        Ok(u32::from_str_radix(hex, 16).expect("checked hex digits"))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error(JsonSyntax::EndsInString)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(self.error(JsonSyntax::UnknownEscape)),
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                Some(_) => {
                    return Err(self.error(JsonSyntax::ControlCharacter));
                }
            }
        }
    }

    /// `\uXXXX`, joining a UTF-16 surrogate pair into one character.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.text[self.pos..].starts_with("\\u") {
                return Err(self.error(JsonSyntax::LoneSurrogate));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error(JsonSyntax::LoneSurrogate));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error(JsonSyntax::LoneSurrogate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_lines() {
        let node =
            parse("{\n \"a\": [1, -2.50e3, true, null],\n \"b\": \"x\\u00e9\\ud83d\\ude00\\n\"\n}")
                .unwrap();
        let Value::Object(members) = node.value else {
            panic!()
        };
        assert_eq!(members[0].0, "a");
        assert_eq!(members[0].1.line, 2);
        let Value::Array(a) = &members[0].1.value else {
            panic!()
        };
        assert_eq!(a[1].value, Value::Number("-2.50e3".into()));
        assert_eq!(members[1].1.value, Value::String("xé😀\n".into()));
        assert_eq!(members[1].1.line, 3);
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{}", e.problem);
        let e = parse("{\"名\": x}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "\"a\nb\"",
            "\"\\x\"",
            "{} {}",
            "'a'",
            "\"\\ud800\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep)
            .unwrap_err()
            .problem
            .to_string()
            .contains("nested"));
    }

    fn to_serde(node: &Node) -> serde_json::Value {
        use serde_json::Value as J;
        match &node.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => serde_json::from_str(n).expect("a JSON number"),
            Value::String(s) => J::String(s.clone()),
            Value::Array(a) => J::Array(a.iter().map(to_serde).collect()),
            Value::Object(m) => {
                J::Object(m.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect())
            }
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value as J;
        let leaf = prop_oneof![
            Just(J::Null),
            any::<bool>().prop_map(J::Bool),
            any::<i64>().prop_map(J::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(J::from),
            any::<String>().prop_map(J::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| J::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Whatever serde_json writes, this reader reads back to the same value.
        #[test]
        fn agrees_with_serde_json(value in json_value(), pretty in proptest::prelude::any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let node = parse(&text).unwrap();
            // Compared with serde_json's own reading of the text: its float parsing is not
            // exact, so the value it wrote may not be the one it reads back.
            let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(to_serde(&node), expected);
        }
    }
}
