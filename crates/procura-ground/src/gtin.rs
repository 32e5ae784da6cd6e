//! GTIN (EAN/UPC) check digits, as defined by GS1 (mod-10 with weights 3 and 1 from the right).

/// Lengths GS1 defines: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.
const VALID_LENGTHS: [usize; 4] = [8, 12, 13, 14];

/// Why a string is not a valid GTIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    #[error("a GTIN has 8, 12, 13 or 14 digits, this one has {0}")]
    Length(usize),
    #[error("a GTIN has digits only")]
    NotDigits,
    #[error("check digit is {found}, expected {expected}")]
    CheckDigit { found: u8, expected: u8 },
}

/// The check digit for the given payload (the GTIN without its last digit).
///
/// # Panics
/// If `payload` holds anything but ASCII digits; callers validate first.
pub fn check_digit(payload: &str) -> u8 {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            assert!(b.is_ascii_digit(), "GTIN payload must be digits");
            let digit = u32::from(b - b'0');
            if i % 2 == 0 {
                digit * 3
            } else {
                digit
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Checks length, digits and check digit.
pub fn validate(gtin: &str) -> Result<(), GtinError> {
    if !gtin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GtinError::NotDigits);
    }
    if !VALID_LENGTHS.contains(&gtin.len()) {
        return Err(GtinError::Length(gtin.len()));
    }
    let (payload, last) = gtin.split_at(gtin.len() - 1);
    let found = last.as_bytes()[0] - b'0';
    let expected = check_digit(payload);
    if found == expected {
        Ok(())
    } else {
        Err(GtinError::CheckDigit { found, expected })
    }
}

/// Appends the check digit to a payload of digits, making a complete GTIN.
pub fn complete(payload: &str) -> String {
    format!("{payload}{}", check_digit(payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes() {
        // Published examples: an EAN-13 from GS1's check digit calculator page and a UPC-A.
        assert_eq!(validate("4006381333931"), Ok(()));
        assert_eq!(validate("036000291452"), Ok(()));
        assert_eq!(validate("96385074"), Ok(()));
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(
            validate("4006381333932"),
            Err(GtinError::CheckDigit {
                found: 2,
                expected: 1
            })
        );
        assert_eq!(validate("40063813339"), Err(GtinError::Length(11)));
        assert_eq!(validate("40063813339a"), Err(GtinError::NotDigits));
    }

    #[test]
    fn complete_then_validate() {
        for payload in ["400638133393", "00000000000", "9999999999999"] {
            assert_eq!(validate(&complete(payload)), Ok(()), "{payload}");
        }
    }
}
