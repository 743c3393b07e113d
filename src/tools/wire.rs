//! The messages between the page and its worker as bytes: a small binary
//! format written for exactly these types. Numbers are 4 bytes little-endian;
//! text and byte strings are their length then their bytes; a list is its
//! length then its items; an option or an enum is one byte (the variant) then
//! its fields, in the order declared.
//!
//! Why not serde and bincode (the pair the Yew ecosystem's worker crate uses): measured in the
//! page's WASM they cost 16.0 KB gzipped, which the first screen's 170 KB
//! could not carry; this costs a fraction of that (README: "Size and speed").
//! `tests/tools_wire.rs` round-trips every message and refuses damaged ones.

use super::{DiffLine, File, Files, ImportedFile, Merge, Normalization, Reply, Request, Said};
use crate::import::diff::Change;
use crate::import::{Finding, Fix, Level};
use crate::model::BackendKind;
use crate::render::steps::{Runner, Step};
use crate::render::upgrade::Change as UpgradeChange;
use crate::settings::FieldId;
use crate::state::Action;

/// A message as bytes.
pub fn encode<T: Wire>(message: &T) -> Vec<u8> {
    let mut out = Vec::new();
    message.put(&mut out);
    out
}

/// A message from bytes, or why it could not be read.
pub fn decode<T: Wire>(bytes: &[u8]) -> Result<T, String> {
    let mut input = bytes;
    match T::take(&mut input) {
        Some(message) if input.is_empty() => Ok(message),
        _ => Err(format!(
            "A message between the page and its worker could not be read ({} bytes).",
            bytes.len()
        )),
    }
}

/// A type that crosses between the page and its worker.
pub trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    /// Reads one value from the front of `input`; `None` when it is damaged.
    fn take(input: &mut &[u8]) -> Option<Self>;
}

fn take_bytes<'a>(input: &mut &'a [u8], count: usize) -> Option<&'a [u8]> {
    if input.len() < count {
        return None;
    }
    let (head, tail) = input.split_at(count);
    *input = tail;
    Some(head)
}

impl Wire for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(u32::from_le_bytes(take_bytes(input, 4)?.try_into().ok()?))
    }
}

impl Wire for u8 {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(take_bytes(input, 1)?[0])
    }
}

impl Wire for usize {
    fn put(&self, out: &mut Vec<u8>) {
        // Lengths, line numbers and offsets of texts the page holds: far
        // below 4 GiB.
        u32::try_from(*self).unwrap_or(u32::MAX).put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        usize::try_from(u32::take(input)?).ok()
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let count = usize::take(input)?;
        String::from_utf8(take_bytes(input, count)?.to_vec()).ok()
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for item in self {
            item.put(out);
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let count = usize::take(input)?;
        // Each item takes at least one byte: a damaged count cannot make the
        // page reserve more than the message holds.
        let mut items = Vec::with_capacity(count.min(input.len()));
        for _ in 0..count {
            items.push(T::take(input)?);
        }
        Some(items)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        match u8::take(input)? {
            0 => Some(None),
            1 => Some(Some(T::take(input)?)),
            _ => None,
        }
    }
}

impl<T: Wire, E: Wire> Wire for Result<T, E> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Ok(value) => {
                out.push(0);
                value.put(out);
            }
            Err(error) => {
                out.push(1);
                error.put(out);
            }
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        match u8::take(input)? {
            0 => Some(Ok(T::take(input)?)),
            1 => Some(Err(E::take(input)?)),
            _ => None,
        }
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some((A::take(input)?, B::take(input)?))
    }
}

/// A struct as its fields, in order.
macro_rules! wire_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl Wire for $name {
            fn put(&self, out: &mut Vec<u8>) {
                $(self.$field.put(out);)*
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                Some($name { $($field: Wire::take(input)?),* })
            }
        }
    };
}

/// A field-less enum as one byte per variant, in both directions a `match`
/// over every variant: a new variant does not compile until it has its byte.
macro_rules! wire_unit_enum {
    ($name:ident { $($variant:ident = $byte:literal),* $(,)? }) => {
        impl Wire for $name {
            fn put(&self, out: &mut Vec<u8>) {
                out.push(match self {
                    $($name::$variant => $byte,)*
                });
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                match u8::take(input)? {
                    $($byte => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

wire_unit_enum!(BackendKind { Gcs = 0, S3 = 1, Azure = 2, Volume = 3 });
wire_unit_enum!(Level { Note = 0, Warning = 1, Error = 2 });
wire_unit_enum!(Runner { Script = 0, ByHand = 1 });
wire_unit_enum!(Change { Same = 0, Removed = 1, Added = 2, Gap = 3 });

/// A field as its position in `FieldId::ALL`, which lists every field.
impl Wire for FieldId {
    fn put(&self, out: &mut Vec<u8>) {
        u8::try_from(self.index()).unwrap_or(u8::MAX).put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        FieldId::ALL.get(usize::from(u8::take(input)?)).copied()
    }
}

wire_struct!(ImportedFile { actions, summary });
wire_struct!(Files {
    files,
    steps,
    report,
    zip,
    merge
});
wire_struct!(UpgradeChange {
    what,
    at,
    breaks,
    files
});
wire_struct!(File { name, mime, text });
wire_struct!(Step { text, commands, runner });
wire_struct!(DiffLine { change, old, new, text });
wire_struct!(Normalization { field, before, changed });
wire_struct!(Said {
    kind,
    mode,
    text,
    field,
    apply
});
wire_struct!(Finding {
    level,
    line,
    key,
    message,
    fix,
    apply
});

impl Wire for Request {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Request::Import { id, text } => {
                out.push(0);
                id.put(out);
                text.put(out);
            }
            Request::Draft {
                id,
                backend,
                values,
                normalize,
            } => {
                out.push(1);
                id.put(out);
                backend.put(out);
                values.put(out);
                normalize.put(out);
            }
            Request::Diagnose {
                id,
                text,
                backend,
                values,
                messages,
            } => {
                out.push(2);
                id.put(out);
                text.put(out);
                backend.put(out);
                values.put(out);
                messages.put(out);
            }
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(match u8::take(input)? {
            0 => Request::Import {
                id: Wire::take(input)?,
                text: Wire::take(input)?,
            },
            1 => Request::Draft {
                id: Wire::take(input)?,
                backend: Wire::take(input)?,
                values: Wire::take(input)?,
                normalize: Wire::take(input)?,
            },
            2 => Request::Diagnose {
                id: Wire::take(input)?,
                text: Wire::take(input)?,
                backend: Wire::take(input)?,
                values: Wire::take(input)?,
                messages: Wire::take(input)?,
            },
            _ => return None,
        })
    }
}

impl Wire for Reply {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Reply::Imported { id, result } => {
                out.push(0);
                id.put(out);
                result.put(out);
            }
            Reply::Drafted {
                id,
                files,
                findings,
                normalized,
                offers,
            } => {
                out.push(1);
                id.put(out);
                files.put(out);
                findings.put(out);
                normalized.put(out);
                offers.put(out);
            }
            Reply::Failed(message) => {
                out.push(2);
                message.put(out);
            }
            Reply::Diagnosed { id, items } => {
                out.push(3);
                id.put(out);
                items.put(out);
            }
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(match u8::take(input)? {
            0 => Reply::Imported {
                id: Wire::take(input)?,
                result: Wire::take(input)?,
            },
            1 => Reply::Drafted {
                id: Wire::take(input)?,
                files: Wire::take(input)?,
                findings: Wire::take(input)?,
                normalized: Wire::take(input)?,
                offers: Wire::take(input)?,
            },
            2 => Reply::Failed(Wire::take(input)?),
            3 => Reply::Diagnosed {
                id: Wire::take(input)?,
                items: Wire::take(input)?,
            },
            _ => return None,
        })
    }
}

impl Wire for Merge {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Merge::None => out.push(0),
            Merge::Merged { lines, changed } => {
                out.push(1);
                lines.put(out);
                changed.put(out);
            }
            Merge::Failed(message) => {
                out.push(2);
                message.put(out);
            }
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(match u8::take(input)? {
            0 => Merge::None,
            1 => Merge::Merged {
                lines: Wire::take(input)?,
                changed: Wire::take(input)?,
            },
            2 => Merge::Failed(Wire::take(input)?),
            _ => return None,
        })
    }
}

impl Wire for Fix {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Fix::Form(actions) => {
                out.push(0);
                actions.put(out);
            }
            Fix::Edit { start, end, text } => {
                out.push(1);
                start.put(out);
                end.put(out);
                text.put(out);
            }
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(match u8::take(input)? {
            0 => Fix::Form(Wire::take(input)?),
            1 => Fix::Edit {
                start: Wire::take(input)?,
                end: Wire::take(input)?,
                text: Wire::take(input)?,
            },
            _ => return None,
        })
    }
}

/// The draft's actions that a file or a fix carries. `Restore` (Undo's, a
/// whole draft) never crosses: written as a tag no reader takes, the message
/// holding it is refused as damaged.
impl Wire for Action {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Action::SetBackend(kind) => {
                out.push(0);
                kind.put(out);
            }
            Action::SetField(field, value) => {
                out.push(1);
                field.put(out);
                value.put(out);
            }
            Action::Paste(field, value) => {
                out.push(2);
                field.put(out);
                value.put(out);
            }
            Action::Touch(field) => {
                out.push(3);
                field.put(out);
            }
            Action::Leave(field) => {
                out.push(4);
                field.put(out);
            }
            Action::TouchAll => out.push(5),
            Action::Clear => out.push(6),
            // Never sent: a damaged value on the other side, refused there.
            Action::Restore(_) => out.push(u8::MAX),
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(match u8::take(input)? {
            0 => Action::SetBackend(Wire::take(input)?),
            1 => Action::SetField(Wire::take(input)?, Wire::take(input)?),
            2 => Action::Paste(Wire::take(input)?, Wire::take(input)?),
            3 => Action::Touch(Wire::take(input)?),
            4 => Action::Leave(Wire::take(input)?),
            5 => Action::TouchAll,
            6 => Action::Clear,
            _ => return None,
        })
    }
}
