//! The form's radio groups as enums: each option's wire name (the value kept
//! in the form, in links and in remembered settings), label, help and what the
//! release must have for it, declared once beside its variant by [`modes!`].

use super::FieldId;
use crate::model::Feature;

/// One option of a radio group, as the form shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The wire name: the value kept in the draft and in links.
    pub value: &'static str,
    /// What the option says.
    pub label: &'static str,
    /// One line under the option.
    pub help: &'static str,
    /// What the release must have for this option (values it knows, or what
    /// its registry program can do).
    pub needs: &'static [Feature],
}

/// A radio group: its options, and which inputs each option shows.
#[derive(Clone, Copy, Debug)]
pub struct Modes {
    pub choices: &'static [Choice],
    /// Whether the option with this wire name shows the input `field`.
    pub shows: fn(&str, FieldId) -> bool,
}

impl PartialEq for Modes {
    fn eq(&self, other: &Modes) -> bool {
        std::ptr::eq(self.choices, other.choices)
    }
}

impl Eq for Modes {}

/// What a radio group says of a value that is none of its options.
pub(super) fn choose(choices: &[Choice]) -> String {
    let values: Vec<&str> = choices.iter().map(|choice| choice.value).collect();
    format!("Choose one of {}.", values.join(", "))
}

/// Declares a mode enum from one list: each variant with its wire name, label,
/// help and needs. Generates `ALL`, `CHOICES`, `MODES` (the [`Modes`] a
/// radio-group field renders; it asks the enum's own `inputs`, which every
/// mode enum defines as a `match` over its variants), `as_str`, `parse` and
/// `choice`.
macro_rules! modes {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_doc:meta])*
                $variant:ident = $value:literal {
                    label: $label:expr,
                    help: $help:expr,
                    needs: $needs:expr $(,)?
                },
            )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)*
        }

        impl $name {
            /// Every option, in the form's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The options as the form shows them, in the same order.
            pub const CHOICES: &'static [$crate::settings::Choice] = &[$(
                $crate::settings::Choice { value: $value, label: $label, help: $help, needs: $needs }
            ),*];

            /// The radio group of a field of this mode.
            pub const MODES: $crate::settings::Modes = $crate::settings::Modes {
                choices: $name::CHOICES,
                shows: |raw, field| $name::parse(raw).is_ok_and(|mode| mode.inputs().contains(&field)),
            };

            /// The wire name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)*
                }
            }

            /// The option with this wire name.
            pub fn parse(raw: &str) -> Result<$name, String> {
                match raw {
                    $($value => Ok($name::$variant),)*
                    _ => Err($crate::settings::mode::choose($name::CHOICES)),
                }
            }

            /// How the form shows the option.
            pub fn choice(self) -> &'static $crate::settings::Choice {
                &$name::CHOICES[self as usize]
            }
        }
    };
}

pub(crate) use modes;
