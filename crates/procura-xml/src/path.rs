//! An element's path as a link to its parent's: cloning shares the links, the text is built
//! only when shown (for an error), so a streamed file costs no path text per element.

use std::fmt;
use std::rc::Rc;

/// `/BMECAT/T_NEW_CATALOG/ARTICLE[3]`; the empty path is `/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct XmlPath(Option<Rc<Segment>>);

#[derive(Debug)]
struct Segment {
    parent: XmlPath,
    name: Rc<str>,
    index: Option<u32>,
}

impl XmlPath {
    pub fn child(&self, name: Rc<str>, index: Option<u32>) -> XmlPath {
        XmlPath(Some(Rc::new(Segment {
            parent: self.clone(),
            name,
            index,
        })))
    }
}

impl fmt::Display for XmlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut at = &self.0;
        while let Some(seg) = at {
            segments.push(seg);
            at = &seg.parent.0;
        }
        if segments.is_empty() {
            return f.write_str("/");
        }
        for seg in segments.iter().rev() {
            write!(f, "/{}", seg.name)?;
            if let Some(i) = seg.index {
                write!(f, "[{i}]")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_names_and_indexes() {
        let root = XmlPath::default();
        assert_eq!(root.to_string(), "/");
        let r = root.child(Rc::from("R"), None);
        let a = r.child(Rc::from("A"), Some(3));
        assert_eq!(a.child(Rc::from("B"), None).to_string(), "/R/A[3]/B");
        assert_eq!(r.to_string(), "/R");
    }
}
