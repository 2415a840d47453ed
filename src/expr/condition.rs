//! [`Condition`]: comparisons and functions on attributes, combined with `and`, `or`, `not`.

use super::path::{AttributePath, DocumentPath, Field, KeyField, Path};
use super::{check_expression, IntoValue, Placeholders, Value, MAX_IN_OPERANDS};
use crate::error::{Error, Result};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use std::marker::PhantomData;

/// A condition on the attributes of a model `M`: for conditional writes, and filters.
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String, age: u32, email: Option<String>, tags: Vec<String> }
/// let adult_with_mail = User::AGE.ge(18).and(User::EMAIL.exists());
/// let tagged = User::TAGS.contains("admin").or(User::TAGS.size().gt(3));
/// let either = adult_with_mail.or(tagged.not());
/// ```
pub struct Condition<M> {
    node: Node,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Condition<M> {
    fn clone(&self) -> Self {
        Condition::from_node(self.node.clone())
    }
}

impl<M> std::fmt::Debug for Condition<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.node.fmt(f)
    }
}

#[derive(Debug, Clone)]
enum Node {
    Compare {
        path: DocumentPath,
        size: bool,
        operator: &'static str,
        value: Value,
    },
    Between {
        path: DocumentPath,
        low: Value,
        high: Value,
    },
    In {
        path: DocumentPath,
        values: Vec<Value>,
    },
    Function {
        name: &'static str,
        path: DocumentPath,
        argument: Option<Value>,
    },
    /// Flattened: `a.and(b).and(c)` is one node, so long chains stay shallow.
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// The DynamoDB types `attribute_type` checks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    /// `S`
    String,
    /// `SS`
    StringSet,
    /// `N`
    Number,
    /// `NS`
    NumberSet,
    /// `B`
    Binary,
    /// `BS`
    BinarySet,
    /// `BOOL`
    Boolean,
    /// `NULL`
    Null,
    /// `L`
    List,
    /// `M`
    Map,
}

impl AttributeType {
    fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "S",
            AttributeType::StringSet => "SS",
            AttributeType::Number => "N",
            AttributeType::NumberSet => "NS",
            AttributeType::Binary => "B",
            AttributeType::BinarySet => "BS",
            AttributeType::Boolean => "BOOL",
            AttributeType::Null => "NULL",
            AttributeType::List => "L",
            AttributeType::Map => "M",
        }
    }
}

impl<M> Condition<M> {
    fn from_node(node: Node) -> Self {
        Condition {
            node,
            marker: PhantomData,
        }
    }

    /// The item has not expired: no `ttl` attribute, or one after `now` (epoch seconds).
    pub(crate) fn not_expired(ttl: &'static str, now: i64) -> Self {
        let path = DocumentPath::attribute(ttl);
        Condition::from_node(Node::Or(vec![
            Node::Function {
                name: "attribute_not_exists",
                path: path.clone(),
                argument: None,
            },
            Node::Compare {
                path,
                size: false,
                operator: ">",
                value: Value::raw(aws_sdk_dynamodb::types::AttributeValue::N(now.to_string())),
            },
        ]))
    }

    /// The item's entity-type attribute names one of `entities` (the models a read wants from
    /// a table several models share).
    pub(crate) fn entity_in(attribute: &'static str, entities: &[&'static str]) -> Self {
        let path = DocumentPath::attribute(attribute);
        let value =
            |name: &str| Value::raw(aws_sdk_dynamodb::types::AttributeValue::S(name.to_owned()));
        Condition::from_node(match entities {
            [single] => Node::Compare {
                path,
                size: false,
                operator: "=",
                value: value(single),
            },
            many => Node::In {
                path,
                values: many.iter().map(|name| value(name)).collect(),
            },
        })
    }

    /// Both conditions hold.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, age: u32 }
    /// let teen = User::AGE.ge(13).and(User::AGE.le(19));
    /// ```
    pub fn and(self, other: Condition<M>) -> Self {
        Condition::from_node(match self.node {
            Node::And(mut operands) => {
                operands.push(other.node);
                Node::And(operands)
            }
            node => Node::And(vec![node, other.node]),
        })
    }

    /// Either condition holds.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, age: u32 }
    /// let outside = User::AGE.lt(13).or(User::AGE.gt(19));
    /// ```
    pub fn or(self, other: Condition<M>) -> Self {
        Condition::from_node(match self.node {
            Node::Or(mut operands) => {
                operands.push(other.node);
                Node::Or(operands)
            }
            node => Node::Or(vec![node, other.node]),
        })
    }

    /// The condition does not hold.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, age: u32 }
    /// let not_ten = User::AGE.eq(10).not();
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Condition::from_node(Node::Not(Box::new(self.node)))
    }

    /// The top-level attributes the condition names.
    pub(crate) fn attribute_names(&self) -> impl Iterator<Item = &str> {
        let mut paths = Vec::new();
        self.node.collect_paths(&mut paths);
        paths.into_iter().filter_map(DocumentPath::root)
    }

    /// Renders the condition with `placeholders`; checks DynamoDB's limits.
    pub(crate) fn render(&self, placeholders: &mut Placeholders) -> Result<String> {
        let mut out = String::with_capacity(CONDITION_ROOM);
        let mut operators = 0;
        render(&self.node, placeholders, &mut out, &mut operators)?;
        check_expression("condition", &out, operators)?;
        Ok(out)
    }
}

/// The bytes a rendered condition is given at first, so that a usual one is written without
/// growing its string: two comparisons joined with AND (`(#n0 < :v0 AND #n1 = :v1)`) take
/// 25, a function and a comparison (`(begins_with(#n0, :v0) AND size(#n1) > :v1)`) 42.
const CONDITION_ROOM: usize = 48;

impl Node {
    fn collect_paths<'a>(&'a self, paths: &mut Vec<&'a DocumentPath>) {
        match self {
            Node::Compare { path, .. }
            | Node::Between { path, .. }
            | Node::In { path, .. }
            | Node::Function { path, .. } => paths.push(path),
            Node::And(operands) | Node::Or(operands) => {
                for operand in operands {
                    operand.collect_paths(paths);
                }
            }
            Node::Not(inner) => inner.collect_paths(paths),
        }
    }
}

fn render(
    node: &Node,
    placeholders: &mut Placeholders,
    out: &mut String,
    operators: &mut usize,
) -> Result<()> {
    match node {
        Node::And(_) | Node::Or(_) => {}
        _ => *operators += 1,
    }
    match node {
        Node::Compare {
            path,
            size,
            operator,
            value,
        } => {
            let value = placeholders.value(value.clone(), path)?;
            if *size {
                *operators += 1;
                out.push_str("size(");
                placeholders.write_path(path, out);
                out.push(')');
            } else {
                placeholders.write_path(path, out);
            }
            out.push(' ');
            out.push_str(operator);
            out.push(' ');
            value.write_to(out);
        }
        Node::Between { path, low, high } => {
            let low = placeholders.value(low.clone(), path)?;
            let high = placeholders.value(high.clone(), path)?;
            placeholders.write_path(path, out);
            out.push_str(" BETWEEN ");
            low.write_to(out);
            out.push_str(" AND ");
            high.write_to(out);
        }
        Node::In { path, values } => {
            if values.is_empty() || values.len() > MAX_IN_OPERANDS {
                return Err(Error::InvalidExpression {
                    reason: format!(
                        "`{path}` IN lists {} values; DynamoDB accepts 1 to {MAX_IN_OPERANDS}",
                        values.len()
                    ),
                });
            }
            placeholders.write_path(path, out);
            out.push_str(" IN (");
            for (index, value) in values.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                placeholders.value(value.clone(), path)?.write_to(out);
            }
            out.push(')');
        }
        Node::Function {
            name,
            path,
            argument,
        } => {
            let argument = argument
                .as_ref()
                .map(|value| placeholders.value(value.clone(), path))
                .transpose()?;
            out.push_str(name);
            out.push('(');
            placeholders.write_path(path, out);
            if let Some(value) = argument {
                out.push_str(", ");
                value.write_to(out);
            }
            out.push(')');
        }
        Node::And(operands) | Node::Or(operands) => {
            let keyword = if matches!(node, Node::And(..)) {
                " AND "
            } else {
                " OR "
            };
            *operators += operands.len().saturating_sub(1);
            out.push('(');
            for (index, operand) in operands.iter().enumerate() {
                if index > 0 {
                    out.push_str(keyword);
                }
                render(operand, placeholders, out, operators)?;
            }
            out.push(')');
        }
        Node::Not(inner) => {
            out.push_str("(NOT ");
            render(inner, placeholders, out, operators)?;
            out.push(')');
        }
    }
    Ok(())
}

/// `size(path)`, compared with a number: the length of a string, binary, list, map or set.
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String, tags: Vec<String> }
/// let many_tags = User::TAGS.size().ge(10);
/// ```
pub struct Size<M> {
    path: DocumentPath,
    marker: PhantomData<fn() -> M>,
}

macro_rules! size_comparison {
    ($($method:ident $operator:literal),*) => {
        impl<M> Size<M> {
            $(
                #[doc = concat!("`size(path) ", $operator, " n`.")]
                pub fn $method(self, n: usize) -> Condition<M> {
                    Condition::from_node(Node::Compare {
                        path: self.path,
                        size: true,
                        operator: $operator,
                        value: Value::raw(AttributeValue::N(n.to_string())),
                    })
                }
            )*
        }
    };
}

size_comparison!(eq "=", ne "<>", lt "<", le "<=", gt ">", ge ">=");

/// What `contains` looks for in an attribute of type `Self`: a substring in a string, an
/// element in a list or set.
pub trait Contains {
    /// The type of what is looked for.
    type Element: Serialize;
}

impl Contains for String {
    type Element = String;
}
impl<E: Serialize> Contains for Vec<E> {
    type Element = E;
}
impl<E: Serialize, S> Contains for std::collections::HashSet<E, S> {
    type Element = E;
}
impl<E: Serialize> Contains for std::collections::BTreeSet<E> {
    type Element = E;
}

macro_rules! comparisons {
    ($handle:ident) => {
        #[allow(clippy::should_implement_trait)]
        impl<M, T: Serialize> $handle<M, T> {
            fn compare(&self, operator: &'static str, value: T) -> Condition<M> {
                Condition::from_node(Node::Compare {
                    path: self.document_path(),
                    size: false,
                    operator,
                    value: Value::for_attribute(&value, self),
                })
            }

            /// The attribute equals `value`.
            pub fn eq(&self, value: impl IntoValue<T>) -> Condition<M> {
                self.compare("=", value.into_value())
            }

            /// The attribute differs from `value` (or is missing).
            pub fn ne(&self, value: impl IntoValue<T>) -> Condition<M> {
                self.compare("<>", value.into_value())
            }

            /// The attribute is less than `value`.
            pub fn lt(&self, value: impl IntoValue<T>) -> Condition<M> {
                self.compare("<", value.into_value())
            }

            /// The attribute is at most `value`.
            pub fn le(&self, value: impl IntoValue<T>) -> Condition<M> {
                self.compare("<=", value.into_value())
            }

            /// The attribute is greater than `value`.
            pub fn gt(&self, value: impl IntoValue<T>) -> Condition<M> {
                self.compare(">", value.into_value())
            }

            /// The attribute is at least `value`.
            pub fn ge(&self, value: impl IntoValue<T>) -> Condition<M> {
                self.compare(">=", value.into_value())
            }

            /// `low <= attribute <= high`.
            pub fn between(&self, low: impl IntoValue<T>, high: impl IntoValue<T>) -> Condition<M> {
                Condition::from_node(Node::Between {
                    path: self.document_path(),
                    low: Value::for_attribute(&low.into_value(), self),
                    high: Value::for_attribute(&high.into_value(), self),
                })
            }

            /// The attribute equals one of `values` (1 to 100 of them).
            pub fn is_in<V: IntoValue<T>>(
                &self,
                values: impl IntoIterator<Item = V>,
            ) -> Condition<M> {
                Condition::from_node(Node::In {
                    path: self.document_path(),
                    values: values
                        .into_iter()
                        .map(|value| Value::for_attribute(&value.into_value(), self))
                        .collect(),
                })
            }

            /// The attribute is stored.
            pub fn exists(&self) -> Condition<M> {
                self.function("attribute_exists", None)
            }

            /// The attribute is not stored.
            pub fn not_exists(&self) -> Condition<M> {
                self.function("attribute_not_exists", None)
            }

            /// The attribute is stored with the DynamoDB type `kind`.
            pub fn attribute_type(&self, kind: AttributeType) -> Condition<M> {
                let kind = Value::raw(AttributeValue::S(kind.as_str().to_owned()));
                self.function("attribute_type", Some(kind))
            }

            /// The attribute's size, to compare with a number.
            pub fn size(&self) -> Size<M> {
                Size {
                    path: self.document_path(),
                    marker: PhantomData,
                }
            }

            /// The attribute (a string, list or set) contains `element`.
            pub fn contains(&self, element: impl IntoValue<T::Element>) -> Condition<M>
            where
                T: Contains,
            {
                self.function("contains", Some(Value::of(&element.into_value())))
            }

            fn function(&self, name: &'static str, argument: Option<Value>) -> Condition<M> {
                Condition::from_node(Node::Function {
                    name,
                    path: self.document_path(),
                    argument,
                })
            }
        }

        impl<M> $handle<M, String> {
            /// The string attribute starts with `prefix`.
            pub fn begins_with(&self, prefix: impl IntoValue<String>) -> Condition<M> {
                self.function("begins_with", Some(Value::of(&prefix.into_value())))
            }
        }
    };
}

comparisons!(Field);
comparisons!(KeyField);
comparisons!(Path);

#[cfg(test)]
mod tests {
    use super::*;

    struct User;
    const AGE: Field<User, u32> = Field::new("age");
    const NAME: Field<User, String> = Field::new("name");
    const TAGS: Field<User, Vec<String>> = Field::new("tags");

    fn rendered(condition: Condition<User>) -> (String, Placeholders) {
        let mut placeholders = Placeholders::default();
        let text = condition.render(&mut placeholders).unwrap();
        (text, placeholders)
    }

    #[test]
    fn renders_names_and_values_as_placeholders_only() {
        let (text, placeholders) = rendered(
            AGE.ge(18u32)
                .and(NAME.begins_with("A").or(TAGS.contains("x").not()))
                .and(TAGS.size().gt(2)),
        );
        assert_eq!(
            text,
            "(#n0 >= :v0 AND (begins_with(#n1, :v1) OR (NOT contains(#n2, :v2))) AND size(#n2) > :v3)"
        );
        let (names, values) = placeholders.finish();
        let names = names.unwrap();
        assert_eq!(names["#n0"], "age");
        assert_eq!(names["#n1"], "name");
        assert_eq!(names["#n2"], "tags");
        let values = values.unwrap();
        assert_eq!(values[":v0"], AttributeValue::N("18".into()));
        assert_eq!(values[":v1"], AttributeValue::S("A".into()));
        assert_eq!(values[":v3"], AttributeValue::N("2".into()));
    }

    #[test]
    fn renders_between_in_and_functions() {
        let (text, _) = rendered(AGE.between(1u32, 9u32));
        assert_eq!(text, "#n0 BETWEEN :v0 AND :v1");
        let (text, _) = rendered(AGE.is_in([1u32, 2, 3]));
        assert_eq!(text, "#n0 IN (:v0, :v1, :v2)");
        let (text, placeholders) = rendered(NAME.attribute_type(AttributeType::String));
        assert_eq!(text, "attribute_type(#n0, :v0)");
        assert_eq!(
            placeholders.finish().1.unwrap()[":v0"],
            AttributeValue::S("S".into())
        );
        let (text, _) = rendered(NAME.not_exists());
        assert_eq!(text, "attribute_not_exists(#n0)");
    }

    #[test]
    fn limits_are_errors() {
        let mut placeholders = Placeholders::default();
        let too_many = AGE.is_in(0u32..101);
        assert!(matches!(
            too_many.render(&mut placeholders),
            Err(Error::InvalidExpression { .. })
        ));
        let mut many_operators = TAGS.size().eq(0);
        for n in 1..160 {
            many_operators = many_operators.or(TAGS.size().eq(n));
        }
        let error = many_operators
            .render(&mut Placeholders::default())
            .unwrap_err();
        assert!(error.to_string().contains("479 operators"), "{error}");
        let mut long = AGE.eq(0u32);
        for n in 1..400u32 {
            long = long.or(AGE.eq(n));
        }
        let error = long.render(&mut Placeholders::default()).unwrap_err();
        assert!(error.to_string().contains("bytes"), "{error}");
        let nan: Field<User, f64> = Field::new("score");
        assert!(matches!(
            Condition::<User>::from_node(nan.eq(f64::NAN).node)
                .render(&mut Placeholders::default()),
            Err(Error::InvalidExpression { .. })
        ));
    }
}
