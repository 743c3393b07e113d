//! The Astronomer platform chart release, and which registry options each
//! release knows (a release ignores a value it does not know, silently).

use std::fmt;

/// An installed platform chart version, `MAJOR.MINOR.PATCH`, on a published
/// minor line (0.25 to 0.37, 1.0 to 1.2, 2.0, 2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChartVersion {
    major: u16,
    minor: u16,
    patch: u16,
}

/// The published minor lines, oldest first.
pub const MINOR_LINES: &[(u16, u16)] = &[
    (0, 25),
    (0, 26),
    (0, 27),
    (0, 28),
    (0, 29),
    (0, 30),
    (0, 31),
    (0, 32),
    (0, 33),
    (0, 34),
    (0, 35),
    (0, 36),
    (0, 37),
    (1, 0),
    (1, 1),
    (1, 2),
    (2, 0),
    (2, 1),
];

/// A registry option that only some chart releases know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// `s3.regionendpoint`.
    S3RegionEndpoint,
}

impl Feature {
    /// The first chart release that knows this option.
    pub fn since(self) -> ChartVersion {
        let (major, minor, patch) = match self {
            Feature::S3RegionEndpoint => (0, 30, 0),
        };
        ChartVersion { major, minor, patch }
    }
}

impl ChartVersion {
    pub fn parse(raw: &str) -> Result<Self, String> {
        super::values::check_scalar(raw, false)?;
        // `helm list` shows the chart as astronomer-0.37.4: take the version from it.
        let text = raw.strip_prefix("astronomer-").unwrap_or(raw);
        let text = text.strip_prefix('v').unwrap_or(text);
        let parts: Vec<&str> = text.split('.').collect();
        let number = |part: &str| -> Option<u16> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0'))
            {
                return None;
            }
            part.parse().ok()
        };
        let [major, minor, patch] = parts.as_slice() else {
            return Err("Enter the full installed chart version as MAJOR.MINOR.PATCH, e.g. 0.37.4 (`helm list -n <namespace>` shows it in the CHART column).".into());
        };
        let (Some(major), Some(minor), Some(patch)) = (number(major), number(minor), number(patch)) else {
            return Err("Each part of the version is a whole number without leading zeros, e.g. 0.37.4.".into());
        };
        if !MINOR_LINES.contains(&(major, minor)) {
            return Err(format!(
                "{major}.{minor} is not a published Astronomer platform release line; supported lines are 0.25 to 0.37, 1.0 to 1.2, 2.0 and 2.1."
            ));
        }
        Ok(ChartVersion { major, minor, patch })
    }

    /// Whether this release knows the option.
    pub fn supports(self, feature: Feature) -> bool {
        self >= feature.since()
    }
}

impl fmt::Display for ChartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_published_versions_and_rejects_others() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("0.37.4", Ok("0.37.4")),
            ("v0.25.3", Ok("0.25.3")),
            ("astronomer-0.37.4", Ok("0.37.4")),
            ("astronomer-1.2.10", Ok("1.2.10")),
            ("2.1.0", Ok("2.1.0")),
            ("1.2.10", Ok("1.2.10")),
            ("0.37", Err("MAJOR.MINOR.PATCH")),
            ("0.24.9", Err("not a published")),
            ("1.3.0", Err("not a published")),
            ("0.037.1", Err("leading zeros")),
            ("0.37.x", Err("whole number")),
            ("", Err("MAJOR.MINOR.PATCH")),
            (" 0.37.4", Err("spaces")),
        ];
        for (raw, expected) in cases {
            match (ChartVersion::parse(raw), expected) {
                (Ok(v), Ok(text)) => assert_eq!(v.to_string(), *text, "{raw:?}"),
                (Err(msg), Err(part)) => assert!(msg.contains(part), "{raw:?}: {msg}"),
                (got, want) => panic!("{raw:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn features_start_at_their_release() {
        let v = |s: &str| ChartVersion::parse(s).unwrap();
        assert!(!v("0.29.9").supports(Feature::S3RegionEndpoint));
        assert!(v("0.30.0").supports(Feature::S3RegionEndpoint));
        assert!(v("2.1.0").supports(Feature::S3RegionEndpoint));
    }
}
