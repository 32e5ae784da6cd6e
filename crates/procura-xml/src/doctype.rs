//! What a DOCTYPE may declare ([`crate::DoctypeRule`]). Nothing in it is ever processed: these
//! rules only refuse documents that rely on it.

use crate::error::DoctypeProblem;
use crate::DoctypeRule;

/// Checks a DOCTYPE's text (what follows `<!DOCTYPE`) under `rule`.
pub(crate) fn check(doctype: &str, rule: DoctypeRule) -> Result<(), DoctypeProblem> {
    match rule {
        DoctypeRule::NoInternalSubset => {
            if doctype.contains('[') || doctype.to_ascii_uppercase().contains("<!ENTITY") {
                return Err(DoctypeProblem::InternalSubset);
            }
            Ok(())
        }
        DoctypeRule::NoGeneralEntities => no_general_entities(doctype),
    }
}

/// Refuses entity declarations that could read files or expand without bound.
fn no_general_entities(doctype: &str) -> Result<(), DoctypeProblem> {
    let upper = doctype.to_ascii_uppercase();
    let mut from = 0;
    while let Some(found) = upper[from..].find("<!ENTITY") {
        let start = from + found + "<!ENTITY".len();
        let decl = doctype[start..].trim_start();
        let Some(param) = decl.strip_prefix('%') else {
            return Err(DoctypeProblem::GeneralEntity);
        };
        let param = param.trim_start();
        let body = param[param.find(char::is_whitespace).unwrap_or(param.len())..].trim_start();
        if body.starts_with("SYSTEM") || body.starts_with("PUBLIC") {
            return Err(DoctypeProblem::ExternalEntity);
        }
        let quote = body.chars().next().filter(|c| *c == '"' || *c == '\'');
        let value_end = quote.and_then(|q| body[1..].find(q));
        let (Some(_), Some(end)) = (quote, value_end) else {
            return Err(DoctypeProblem::MalformedEntity);
        };
        if body[1..=end].contains(['%', '&']) {
            return Err(DoctypeProblem::EntityReference);
        }
        from = doctype.len() - body.len() + end + 2;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DoctypeProblem::*;

    #[test]
    fn no_general_entities_allows_an_external_dtd_and_plain_parameter_entities() {
        let rule = DoctypeRule::NoGeneralEntities;
        assert_eq!(check("x SYSTEM \"x.dtd\"", rule), Ok(()));
        let bmecat_101 = "x [<!ENTITY % U \"(A?,B?)\"> <!ELEMENT A (#PCDATA)>]";
        assert_eq!(check(bmecat_101, rule), Ok(()));
        let two = "x [<!ENTITY % U \"a\"> <!ENTITY % V 'b'>]";
        assert_eq!(check(two, rule), Ok(()));
    }

    #[test]
    fn no_general_entities_refuses_xxe_laughs_and_nested_or_external_parameters() {
        let rule = DoctypeRule::NoGeneralEntities;
        let xxe = "x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]";
        assert_eq!(check(xxe, rule), Err(GeneralEntity));
        let lol = "x [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]";
        assert_eq!(check(lol, rule), Err(GeneralEntity));
        assert_eq!(check("x [<!entity a \"b\">]", rule), Err(GeneralEntity));
        let external = "x [<!ENTITY % r SYSTEM \"http://e/x\"> %r;]";
        assert_eq!(check(external, rule), Err(ExternalEntity));
        let public = "x [<!ENTITY % r PUBLIC \"-//x\" \"x.dtd\">]";
        assert_eq!(check(public, rule), Err(ExternalEntity));
        assert_eq!(
            check("x [<!ENTITY % a \"%b;\">]", rule),
            Err(EntityReference)
        );
        assert_eq!(
            check("x [<!ENTITY % a \"&b;\">]", rule),
            Err(EntityReference)
        );
        assert_eq!(
            check("x [<!ENTITY % a \"open>]", rule),
            Err(MalformedEntity)
        );
        assert_eq!(check("x [<!ENTITY % a b>]", rule), Err(MalformedEntity));
    }

    #[test]
    fn no_internal_subset_refuses_any_subset() {
        let rule = DoctypeRule::NoInternalSubset;
        let cxml = "cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\"";
        assert_eq!(check(cxml, rule), Ok(()));
        assert_eq!(check("x [<!ELEMENT x ANY>]", rule), Err(InternalSubset));
        assert_eq!(check("x [<!ENTITY % U \"a\">]", rule), Err(InternalSubset));
        assert_eq!(check("x <!ENTITY e 'boom'>", rule), Err(InternalSubset));
    }
}
