//! S3 settings: the bucket name and the endpoint URL of an S3-compatible store.

use super::text::{
    bucket_url_hint, check_scalar, check_sprinted, first_refused, is_lower_alnum, looks_like_ipv4, lowercase_hint,
    quote_char,
};

/// An S3 bucket name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Bucket(String);

impl S3Bucket {
    /// A bucket name; the driver reads it with `fmt.Sprint`, so `123` is fine.
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_sprinted(raw)?;
        if let Some(name) = raw.strip_prefix("s3://") {
            return Err(bucket_url_hint("s3://", name));
        }
        if let Some(name) = raw.strip_prefix("arn:aws:s3:::") {
            return Err(say!("Enter just the bucket name, not its ARN: `{name}`."));
        }
        if raw.contains("://") {
            return Err(say!("Enter just the bucket name, not a URL."));
        }
        if let Some(hint) = lowercase_hint(raw, "S3 bucket names", s3_bucket_rules) {
            return Err(hint);
        }
        s3_bucket_rules(raw)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A caution that does not make the name invalid: dots break
    /// virtual-hosted-style TLS and transfer acceleration.
    pub fn warning(&self) -> Option<String> {
        self.0.contains('.').then(|| {
            say!(
                "Dots in the bucket name break virtual-hosted-style HTTPS (the certificate does not match) and \
             transfer acceleration; prefer hyphens."
            )
        })
    }
}

/// The S3 naming rules for general purpose buckets.
fn s3_bucket_rules(raw: &str) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '.' || c == '-') {
        return Err(match c {
            '_' => say!("S3 bucket names cannot contain `_`: use `-` instead."),
            c if c.is_ascii_uppercase() => say!("S3 bucket names cannot contain uppercase letters."),
            c => say!(
                "S3 bucket names can only contain lowercase letters, digits, dots and hyphens: remove {}.",
                quote_char(c)
            ),
        });
    }
    let len = raw.len();
    if len < 3 {
        return Err(say!("An S3 bucket name has at least 3 characters."));
    }
    if len > 63 {
        return Err(say!("An S3 bucket name has at most 63 characters; this one has {len}."));
    }
    if !raw.starts_with(is_lower_alnum) || !raw.ends_with(is_lower_alnum) {
        return Err(say!(
            "An S3 bucket name must start and end with a lowercase letter or digit."
        ));
    }
    if raw.contains("..") {
        return Err(say!("An S3 bucket name cannot have two dots in a row (`..`)."));
    }
    if looks_like_ipv4(raw) {
        return Err(say!(
            "An S3 bucket name cannot be formatted as an IP address like `{raw}`."
        ));
    }
    for prefix in ["xn--", "sthree-configurator", "sthree-", "amzn-s3-demo-"] {
        if raw.starts_with(prefix) {
            return Err(say!(
                "S3 reserves bucket names starting with `{prefix}`: choose another name."
            ));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if raw.ends_with(suffix) {
            return Err(say!(
                "S3 reserves bucket names ending with `{suffix}`: choose another name."
            ));
        }
    }
    Ok(())
}

/// An absolute `http://` or `https://` URL of an S3-compatible endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointUrl(String);

/// A DNS host name: labels of letters, digits and `-`, not starting or ending
/// with `-`, at most 63 characters each and 253 in all.
fn host_name_rules(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err(say!(
            "Add the host name after the scheme, e.g. https://minio.example.com:9000."
        ));
    }
    if host.len() > 253 {
        return Err(say!(
            "A host name has at most 253 characters; this one has {}.",
            host.len()
        ));
    }
    if let Some(c) = first_refused(host, |c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
        return Err(match c {
            '_' => say!("Host names cannot contain `_`."),
            c if !c.is_ascii() => say!("Write an international host name in its ASCII (xn--) form."),
            c => say!("The host name cannot contain {}.", quote_char(c)),
        });
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(say!(
                "The host name has an empty part (two dots in a row, or a dot at an end)."
            ));
        }
        if label.len() > 63 {
            return Err(say!(
                "Each part of a host name has at most 63 characters; `{label}` is longer."
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(say!("A part of a host name cannot start or end with `-`: `{label}`."));
        }
    }
    Ok(())
}

/// The DNS domains of AWS's partitions, and the partitions each serves.
const AWS_DOMAINS: &[(&str, &[&str])] = &[
    ("amazonaws.com", &["aws", "aws-us-gov"]),
    ("amazonaws.com.cn", &["aws-cn"]),
    ("amazonaws.eu", &["aws-eusc"]),
    ("c2s.ic.gov", &["aws-iso"]),
    ("sc2s.sgov.gov", &["aws-iso-b"]),
    ("cloud.adc-e.uk", &["aws-iso-e"]),
    ("csp.hci.ic.gov", &["aws-iso-f"]),
];

/// The host of a URL, lowercase, without brackets, port, path or user.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(bracketed),
        None => authority.split(':').next().unwrap_or(authority),
    };
    host.to_ascii_lowercase()
}

/// The partitions whose S3 an endpoint URL points at, when it points at AWS
/// itself (a regional, VPC or FIPS endpoint) rather than at an S3-compatible store.
fn aws_partitions(url: &str) -> Option<&'static [&'static str]> {
    let host = host_of(url);
    AWS_DOMAINS
        .iter()
        .find(|(domain, _)| host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.')))
        .map(|(_, partitions)| *partitions)
}

/// Whether an endpoint URL points at AWS itself rather than at an S3-compatible store.
pub fn is_aws_endpoint(url: &str) -> bool {
    aws_partitions(url).is_some()
}

/// Whether a region endpoint as typed names an S3-compatible store (MinIO,
/// Ceph, ...): set, and not one of AWS's own. Such a store names its own
/// regions and issues its own keys; the registry addresses it differently.
pub fn is_compatible_store(endpoint: &str) -> bool {
    !endpoint.is_empty() && !is_aws_endpoint(endpoint)
}

/// The regional S3 endpoint of an AWS region in `partition`.
pub fn aws_regional_endpoint(region: &str, partition: &str) -> String {
    let domain = AWS_DOMAINS
        .iter()
        .find(|(_, partitions)| partitions.contains(&partition))
        .map_or("amazonaws.com", |(domain, _)| *domain);
    format!("https://s3.{region}.{domain}")
}

/// A dotted IPv4 address as `core::net` reads it (four decimal octets, no
/// leading zeros). Written out: the standard parser costs the page's WASM
/// several KB.
fn ipv4(text: &str) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = text.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty()
            || part.len() > 3
            || !part.bytes().all(|b| b.is_ascii_digit())
            || (part.len() > 1 && part.starts_with('0'))
        {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then_some(octets)
}

/// An IPv6 address as `core::net` reads it: eight groups of one to four hex
/// digits, one `::` for a run of zero groups, and an IPv4 address as the
/// last two groups.
fn ipv6(text: &str) -> Option<[u16; 8]> {
    fn groups(text: &str, out: &mut Vec<u16>) -> Option<()> {
        if text.is_empty() {
            return Some(());
        }
        let parts: Vec<&str> = text.split(':').collect();
        for (index, part) in parts.iter().enumerate() {
            if index == parts.len() - 1 && part.contains('.') {
                let [a, b, c, d] = ipv4(part)?;
                out.extend([u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])]);
            } else if part.is_empty() || part.len() > 4 {
                return None;
            } else {
                out.push(u16::from_str_radix(part, 16).ok()?);
            }
        }
        Some(())
    }
    if text.bytes().any(|b| !(b.is_ascii_hexdigit() || b == b':' || b == b'.')) {
        return None;
    }
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    match text.split_once("::") {
        Some((before, after)) => {
            groups(before, &mut head)?;
            groups(after, &mut tail)?;
            if head.len() + tail.len() > 7 {
                return None;
            }
        }
        None => {
            groups(text, &mut head)?;
            if head.len() != 8 {
                return None;
            }
        }
    }
    let mut segments = [0u16; 8];
    segments[..head.len()].copy_from_slice(&head);
    segments[8 - tail.len()..].copy_from_slice(&tail);
    Some(segments)
}

impl EndpointUrl {
    /// Whether this is one of AWS's own S3 endpoints.
    pub fn is_aws(&self) -> bool {
        is_aws_endpoint(&self.0)
    }

    /// The AWS partitions this endpoint serves, when it is AWS's own.
    pub fn aws_partitions(&self) -> Option<&'static [&'static str]> {
        aws_partitions(&self.0)
    }

    /// Whether clients outside the cluster cannot reach this endpoint: a
    /// Service name (`*.svc`, `*.cluster.local`, a name without dots), a
    /// private, loopback or link-local address, or `localhost`.
    pub fn is_cluster_internal(&self) -> bool {
        let host = host_of(&self.0);
        if let Some([a, b, ..]) = ipv4(&host) {
            // Private (10/8, 172.16/12, 192.168/16), loopback, link-local.
            return a == 10
                || (a == 172 && (16..32).contains(&b))
                || (a == 192 && b == 168)
                || a == 127
                || (a == 169 && b == 254);
        }
        if let Some(segments) = ipv6(&host) {
            // Loopback, unique local (fc00::/7) and link-local (fe80::/10) addresses.
            let first = segments[0];
            return segments == [0, 0, 0, 0, 0, 0, 0, 1] || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80;
        }
        !host.contains('.') || host.ends_with(".svc") || host.ends_with(".cluster.local")
    }

    /// The host, as messages name it.
    pub fn host(&self) -> String {
        host_of(&self.0)
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if raw.contains(char::is_whitespace) {
            return Err(say!(
                "Remove the spaces: a URL cannot contain them (write %20 in a path)."
            ));
        }
        let lower = raw.to_ascii_lowercase();
        let rest = if let Some(rest) = raw.strip_prefix("https://") {
            rest
        } else if let Some(rest) = raw.strip_prefix("http://") {
            rest
        } else if lower.starts_with("https://") || lower.starts_with("http://") {
            return Err(say!("Write the scheme in lowercase: https:// or http://."));
        } else if raw.contains("://") {
            return Err(say!("The endpoint URL starts with https:// (or http://)."));
        } else {
            return Err(say!(
                "Start the endpoint with https:// (or http://), e.g. https://{}.",
                raw.trim_start_matches('/')
            ));
        };
        if rest.contains('?') {
            return Err(say!("Remove the query (`?...`): the endpoint is a plain URL."));
        }
        if rest.contains('#') {
            return Err(say!("Remove the fragment (`#...`): the endpoint is a plain URL."));
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
        if authority.contains('@') {
            return Err(say!(
                "Remove the user name and password from the URL: the registry takes credentials from the access \
                 key fields."
            ));
        }
        let port = if let Some(bracketed) = authority.strip_prefix('[') {
            let Some((address, after)) = bracketed.split_once(']') else {
                return Err(say!("Close the IPv6 address with `]`."));
            };
            if ipv6(address).is_none() {
                return Err(say!("`{address}` is not a valid IPv6 address."));
            }
            match after {
                "" => None,
                _ => match after.strip_prefix(':') {
                    Some(port) => Some(port),
                    None => return Err(say!("After the IPv6 address comes only `:` and a port.")),
                },
            }
        } else {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            if port.is_some_and(|port| port.contains(':')) {
                return Err(say!("Write an IPv6 address in brackets, e.g. http://[fd00::1]:9000."));
            }
            if !host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                if ipv4(host).is_none() {
                    return Err(say!("`{host}` is not a valid IPv4 address."));
                }
            } else {
                host_name_rules(host)?;
            }
            port
        };
        if let Some(port) = port {
            let number = (!port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()))
                .then(|| port.parse::<u32>().ok())
                .flatten();
            if !number.is_some_and(|number| (1..=65535).contains(&number)) {
                return Err(say!("The port is a number from 1 to 65535, not `{port}`."));
            }
        }
        let path_char = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c);
        if let Some(c) = first_refused(path, path_char) {
            return Err(say!("The path cannot contain {}: percent-encode it.", quote_char(c)));
        }
        let bytes = path.as_bytes();
        for (at, _) in path.match_indices('%') {
            let escape_ok = bytes
                .get(at + 1..at + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escape_ok {
                return Err(say!("In the path, `%` starts an escape like %20."));
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::test_support::{OK, check};

    #[test]
    fn s3_buckets() {
        check(
            S3Bucket::parse,
            &[
                ("my-s3-bucket", OK),
                ("abc", OK),
                ("a.b.c", OK),
                ("123", OK),
                ("0123", "number 83"),
                ("1e10", "number"),
                ("123abc", OK),
                (&"a".repeat(63), OK),
                (&"a".repeat(64), "at most 63"),
                ("ab", "at least 3"),
                ("My-Bucket", "use `my-bucket`"),
                ("my_bucket", "use `-` instead"),
                ("my bucket", "the space"),
                ("-abc", "start and end"),
                ("abc-", "start and end"),
                (".abc", "start and end"),
                ("a..b", "two dots"),
                ("192.168.5.4", "IP address"),
                ("1.2.3.4", "IP address"),
                ("1.2.3.4.5", OK),
                ("xn--abc", "xn--"),
                ("sthree-abc", "sthree-"),
                ("sthree-configurator-x", "sthree-configurator"),
                ("amzn-s3-demo-bucket", "amzn-s3-demo-"),
                ("abc-s3alias", "-s3alias"),
                ("abc--ol-s3", "--ol-s3"),
                ("abc.mrap", ".mrap"),
                ("abc--x-s3", "--x-s3"),
                ("abc--table-s3", "--table-s3"),
                ("s3://my-bucket/", "without s3://: `my-bucket`."),
                (
                    "s3://my-bucket/registry",
                    "`my-bucket`, and `/registry` as the root directory",
                ),
                ("s3://my-bucket/a/b/", "`my-bucket`, and `/a/b` as the root directory"),
                ("arn:aws:s3:::my-bucket", "`my-bucket`"),
                ("https://my-bucket.s3.amazonaws.com", "not a URL"),
                ("yes", "boolean"),
                ("on", "boolean"),
                ("é-bucket", "remove `é`"),
            ],
        );
        assert_eq!(S3Bucket::parse("my-bucket").map(|bucket| bucket.warning()), Ok(None));
        let dotted = S3Bucket::parse("my.bucket").map(|bucket| bucket.warning());
        assert!(dotted.is_ok_and(|warning| warning.is_some_and(|warning| warning.contains("prefer hyphens"))));
    }

    #[test]
    fn aws_endpoints_of_every_partition_are_recognised() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("https://s3.us-east-1.amazonaws.com", Some(&["aws", "aws-us-gov"])),
            (
                "https://bucket.vpce-1a2b.s3.us-east-1.vpce.amazonaws.com",
                Some(&["aws", "aws-us-gov"]),
            ),
            (
                "https://s3-fips.us-gov-west-1.amazonaws.com",
                Some(&["aws", "aws-us-gov"]),
            ),
            ("https://s3.cn-north-1.amazonaws.com.cn", Some(&["aws-cn"])),
            ("https://s3.eusc-de-east-1.amazonaws.eu", Some(&["aws-eusc"])),
            ("https://s3.us-iso-east-1.c2s.ic.gov", Some(&["aws-iso"])),
            ("https://s3.us-isob-east-1.sc2s.sgov.gov", Some(&["aws-iso-b"])),
            ("https://s3.eu-isoe-west-1.cloud.adc-e.uk", Some(&["aws-iso-e"])),
            ("https://s3.us-isof-south-1.csp.hci.ic.gov", Some(&["aws-iso-f"])),
            ("https://minio.example.com:9000", None),
            ("https://notamazonaws.com", None),
            ("http://10.0.0.5:9000", None),
        ];
        for (url, partitions) in cases {
            let endpoint = EndpointUrl::parse(url).unwrap();
            assert_eq!(endpoint.aws_partitions(), *partitions, "{url}");
            assert_eq!(endpoint.is_aws(), partitions.is_some(), "{url}");
        }
        assert_eq!(
            aws_regional_endpoint("cn-north-1", "aws-cn"),
            "https://s3.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            aws_regional_endpoint("ap-southeast-5", "aws"),
            "https://s3.ap-southeast-5.amazonaws.com"
        );
    }

    #[test]
    fn cluster_internal_endpoints() {
        for (url, internal) in [
            ("http://minio:9000", true),
            ("http://minio.storage.svc:9000", true),
            ("http://minio.storage.svc.cluster.local:9000", true),
            ("http://10.1.2.3:9000", true),
            ("http://192.168.5.4", true),
            ("http://127.0.0.1:9000", true),
            ("http://[fd00::1]:9000", true),
            ("https://minio.example.com", false),
            ("https://8.8.8.8", false),
            ("https://s3.us-east-1.amazonaws.com", false),
        ] {
            assert_eq!(
                EndpointUrl::parse(url).unwrap().is_cluster_internal(),
                internal,
                "{url}"
            );
        }
    }

    #[test]
    fn endpoint_urls() {
        check(
            EndpointUrl::parse,
            &[
                ("https://minio.example.com:9000", OK),
                ("http://minio:9000", OK),
                ("https://s3.us-east-1.amazonaws.com", OK),
                ("http://10.0.0.5:9000", OK),
                ("http://[fd00::1]:9000", OK),
                ("http://[::1]", OK),
                ("https://minio.example.com/", OK),
                ("https://ceph.example.com/s3/path%20x", OK),
                ("https://MinIO.Example.com", OK),
                ("minio.example.com:9000", "https://minio.example.com:9000"),
                ("HTTPS://minio.example.com", "lowercase"),
                ("s3://bucket", "starts with https://"),
                ("https://", "Add the host name"),
                ("https://:9000", "Add the host name"),
                ("https://minio.example.com:0", "1 to 65535"),
                ("https://minio.example.com:65536", "1 to 65535"),
                ("https://minio.example.com:", "colon at the end"),
                ("https://minio.example.com:abc", "1 to 65535"),
                ("https://minio.example.com:99999999999999999999", "1 to 65535"),
                ("https://minio.example.com?x=1", "query"),
                ("https://minio.example.com/#x", "fragment"),
                ("https://user:pass@minio.example.com", "user name and password"),
                ("https://minio example.com", "spaces"),
                ("https://minio_1:9000", "`_`"),
                ("https://-minio.example.com", "start or end with `-`"),
                ("https://minio..example.com", "empty part"),
                ("https://minio.example.com.", "empty part"),
                ("http://999.1.1.1", "not a valid IPv4"),
                ("http://[fd00::zz]:9000", "not a valid IPv6"),
                ("http://[fd00::1", "Close the IPv6"),
                ("http://[fd00::1]x", "only `:` and a port"),
                ("http://fd00::1:9000", "in brackets"),
                ("https://bücher.example", "xn--"),
                ("https://x.example.com/a%zz", "escape"),
                ("https://x.example.com/a\"b", "percent-encode"),
                ("https://x.example.com/a:b", OK),
            ],
        );
    }

    #[test]
    fn ip_addresses_read_as_core_net_reads_them() {
        use core::net::{Ipv4Addr, Ipv6Addr};
        for text in [
            "10.0.0.1",
            "192.168.1.1",
            "255.255.255.255",
            "0.0.0.0",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1..2.3",
            "",
            "a.b.c.d",
            "1.2.3.4 ",
            "+1.2.3.4",
        ] {
            assert_eq!(
                ipv4(text),
                text.parse::<Ipv4Addr>().ok().map(|ip| ip.octets()),
                "{text:?}"
            );
        }
        for text in [
            "::",
            "::1",
            "fd00::1",
            "fe80::1:2",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            ":1::",
            "1:::2",
            "::ffff:10.0.0.1",
            "1:2:3:4:5:6:1.2.3.4",
            "12345::",
            "fd00::zz",
            "::1.2.3",
            "1::",
            "::1:2:3:4:5:6:7",
            "::1:2:3:4:5:6:7:8",
            "FD00::ABCD",
            "",
            ":",
            "1:2:3:4:5:6:7:8::",
            "::1.2.3.4:1",
        ] {
            assert_eq!(
                ipv6(text),
                text.parse::<Ipv6Addr>().ok().map(|ip| ip.segments()),
                "{text:?}"
            );
        }
    }
}
