//! [`UpdateExpression`]: the SET, REMOVE, ADD and DELETE actions of one update.

use super::path::{AttributePath, DocumentPath, Writable};
use super::{check_expression, IntoValue, Placeholder, Placeholders, Value};
use crate::error::{Error, Result};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use std::marker::PhantomData;

/// The actions of one update on a model `M`. Key attributes cannot be named (their handles
/// are not [`Writable`]), and a value must have its attribute's type.
///
/// ```
/// # use dynamoxide::Model;
/// # use std::collections::BTreeSet;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String, email: String, logins: u64,
/// #   nickname: Option<String>, history: Vec<String>, roles: BTreeSet<String> }
/// use dynamoxide::expr::UpdateExpression;
/// let update = UpdateExpression::<User>::new()
///     .set(User::EMAIL, "new@example.com")
///     .increment(User::LOGINS, 1)
///     .remove(User::NICKNAME)
///     .append(User::HISTORY, ["login".to_owned()]);
/// ```
pub struct UpdateExpression<M> {
    actions: Vec<Action>,
    /// What the values set below the top level broke of their nested structs' rules.
    violations: crate::validate::Violations,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for UpdateExpression<M> {
    fn clone(&self) -> Self {
        UpdateExpression {
            actions: self.actions.clone(),
            violations: self.violations.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for UpdateExpression<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.actions).finish()
    }
}

impl<M> Default for UpdateExpression<M> {
    fn default() -> Self {
        UpdateExpression {
            actions: Vec::new(),
            violations: crate::validate::Violations::default(),
            marker: PhantomData,
        }
    }
}

#[derive(Debug, Clone)]
enum Action {
    Set(DocumentPath, SetValue),
    Remove(DocumentPath),
    Add(DocumentPath, Value),
    Delete(DocumentPath, Value),
}

impl Action {
    /// The index in [`KEYWORDS`] of the clause the action is written in.
    fn clause(&self) -> usize {
        match self {
            Action::Set(..) => 0,
            Action::Remove(..) => 1,
            Action::Add(..) => 2,
            Action::Delete(..) => 3,
        }
    }
}

#[derive(Debug, Clone)]
enum SetValue {
    Value(Value),
    IfNotExists(Value),
    /// A whole value already in its stored form (an upsert's, from the model's write
    /// rules): written as it is, `if_not_exists` when `keep_stored`.
    Stored {
        value: Value,
        keep_stored: bool,
    },
    /// `if_not_exists(path, base) + by` (or `-`).
    Arithmetic {
        operator: &'static str,
        base: Value,
        by: Value,
    },
    /// `list_append(if_not_exists(path, []), items)` (or the other way round).
    ListAppend {
        items: Value,
        at_end: bool,
    },
}

/// Numbers `increment` and `decrement` accept.
pub trait Numeric: Serialize {}
macro_rules! numeric {
    ($($ty:ty),*) => { $(impl Numeric for $ty {})* };
}
numeric!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64);

impl<M> UpdateExpression<M> {
    /// No actions yet.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let update = dynamoxide::expr::UpdateExpression::<User>::new();
    /// assert!(update.is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no action was added.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    fn push(mut self, action: Action) -> Self {
        self.actions.push(action);
        self
    }

    /// `SET path = value`.
    pub fn set<F>(self, field: F, value: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        let value = value.into_value();
        self.checked(&field, &value).push_set(
            &field,
            SetValue::Value(Value::for_attribute(&value, &field)),
        )
    }

    /// `SET path = if_not_exists(path, value)`: writes only an attribute not yet stored.
    pub fn set_if_not_exists<F>(self, field: F, value: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        let value = value.into_value();
        self.checked(&field, &value).push_set(
            &field,
            SetValue::IfNotExists(Value::for_attribute(&value, &field)),
        )
    }

    fn push_set<F: AttributePath<M>>(self, field: &F, value: SetValue) -> Self {
        self.push(Action::Set(field.document_path(), value))
    }

    /// Runs the nested struct's rules on a value written through `field`, if it has any.
    fn checked<F: AttributePath<M>>(mut self, field: &F, value: &F::Value) -> Self {
        if let Some(check) = field.check() {
            let path = field.document_path().to_string();
            check(
                value,
                &crate::validate::FieldPath::Field(&crate::validate::FieldPath::Root, &path),
                &mut self.violations,
            );
        }
        self
    }

    /// The rules the values set below the top level broke.
    pub(crate) fn take_violations(&mut self) -> crate::validate::Violations {
        std::mem::take(&mut self.violations)
    }

    /// `ADD path value`: adds to a number (from 0 when missing) or adds members to a set.
    pub fn add<F>(self, field: F, value: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        let value = Value::for_attribute(&value.into_value(), &field);
        self.push(Action::Add(field.document_path(), value))
    }

    /// `REMOVE path`.
    pub fn remove<F: Writable<M>>(self, field: F) -> Self {
        self.push(Action::Remove(field.document_path()))
    }

    /// `DELETE path members`: removes members from a set.
    pub fn delete<F>(self, field: F, members: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        let members = Value::for_attribute(&members.into_value(), &field);
        self.push(Action::Delete(field.document_path(), members))
    }

    /// Adds `by` to a number, starting from 0 when it is missing.
    pub fn increment<F>(self, field: F, by: F::Value) -> Self
    where
        F: Writable<M>,
        F::Value: Numeric,
    {
        self.arithmetic(field, "+", by)
    }

    /// Subtracts `by` from a number, starting from 0 when it is missing.
    pub fn decrement<F>(self, field: F, by: F::Value) -> Self
    where
        F: Writable<M>,
        F::Value: Numeric,
    {
        self.arithmetic(field, "-", by)
    }

    /// `SET path = if_not_exists(path, 0) <operator> by`.
    fn arithmetic<F>(self, field: F, operator: &'static str, by: F::Value) -> Self
    where
        F: Writable<M>,
        F::Value: Numeric,
    {
        self.push(Action::Set(
            field.document_path(),
            SetValue::Arithmetic {
                operator,
                base: Value::raw(AttributeValue::N("0".into())),
                by: Value::of(&by),
            },
        ))
    }

    /// Appends `items` to a list (an empty list when it is missing).
    pub fn append<F, E>(self, field: F, items: impl IntoIterator<Item = E>) -> Self
    where
        F: Writable<M, Value = Vec<E>>,
        E: Serialize,
    {
        self.list_append(field, items, true)
    }

    /// Puts `items` before the elements of a list (an empty list when it is missing).
    pub fn prepend<F, E>(self, field: F, items: impl IntoIterator<Item = E>) -> Self
    where
        F: Writable<M, Value = Vec<E>>,
        E: Serialize,
    {
        self.list_append(field, items, false)
    }

    fn list_append<F, E>(self, field: F, items: impl IntoIterator<Item = E>, at_end: bool) -> Self
    where
        F: Writable<M, Value = Vec<E>>,
        E: Serialize,
    {
        let items = match field.storage() {
            crate::Storage::Serialized => Value::of(&items.into_iter().collect::<Vec<E>>()),
            _ => Value::invalid(
                "the attribute is stored as a set, a binary or a number, not a list: \
                 `append` and `prepend` need a list; set the whole value instead",
            ),
        };
        self.push(Action::Set(
            field.document_path(),
            SetValue::ListAppend { items, at_end },
        ))
    }

    /// Sets the version attribute to one more than stored (1 when missing).
    pub(crate) fn bump_version(self, attribute: &'static str) -> Self {
        self.count(attribute, 0, 1)
    }

    /// `SET attribute = if_not_exists(attribute, base) + delta`: a counter's step, `base +
    /// delta` when the attribute is missing.
    pub(crate) fn count(self, attribute: &'static str, base: i128, delta: i128) -> Self {
        let number = |n: i128| Value::raw(AttributeValue::N(n.to_string()));
        self.push(Action::Set(
            DocumentPath::attribute(attribute),
            SetValue::Arithmetic {
                operator: "+",
                base: number(base),
                by: number(delta),
            },
        ))
    }

    /// `SET name = value` of a whole top-level attribute already in its stored form (an
    /// upsert's), `if_not_exists` when `keep_stored`; the attribute rules do not apply again.
    pub(crate) fn set_stored(
        self,
        name: impl Into<std::borrow::Cow<'static, str>>,
        value: AttributeValue,
        keep_stored: bool,
    ) -> Self {
        self.push(Action::Set(
            DocumentPath::attribute(name),
            SetValue::Stored {
                value: Value::raw(value),
                keep_stored,
            },
        ))
    }

    /// `REMOVE name` of a top-level attribute.
    pub(crate) fn remove_attribute(self, name: &'static str) -> Self {
        self.push(Action::Remove(DocumentPath::attribute(name)))
    }

    /// Passes each whole top-level attribute value `set` and `set_if_not_exists` write
    /// through `rules` (attribute name, value) and keeps what it returns.
    pub(crate) fn apply_attribute_rules(
        &mut self,
        mut rules: impl FnMut(&str, AttributeValue) -> Result<AttributeValue>,
    ) -> Result<()> {
        for action in &mut self.actions {
            if let Action::Set(path, SetValue::Value(value) | SetValue::IfNotExists(value)) = action
            {
                if let (1, Some(name)) = (path.len(), path.root()) {
                    value.try_map(|value| rules(name, value))?;
                }
            }
        }
        Ok(())
    }

    /// `SET name = value` of a top-level attribute, unless an action already writes it.
    pub(crate) fn set_unless_written(self, name: &'static str, value: AttributeValue) -> Self {
        if self.paths().any(|path| path.root() == Some(name)) {
            return self;
        }
        self.push(Action::Set(
            DocumentPath::attribute(name),
            SetValue::Value(Value::raw(value)),
        ))
    }

    /// The values `set` and `set_if_not_exists` write whole, with their paths.
    pub(crate) fn set_values(&self) -> impl Iterator<Item = (&DocumentPath, &Value)> {
        self.actions.iter().filter_map(|action| match action {
            Action::Set(
                path,
                SetValue::Value(value)
                | SetValue::IfNotExists(value)
                | SetValue::Stored { value, .. },
            ) => Some((path, value)),
            _ => None,
        })
    }

    /// What an action writes to the whole top-level attribute `name`: `Some(Some(value))`
    /// for a plain `SET` (not `if_not_exists`), `Some(None)` for a `REMOVE`, `None` when no
    /// action writes it that way.
    pub(crate) fn plain_write(&self, name: &str) -> Option<Option<&Value>> {
        self.actions.iter().find_map(|action| match action {
            Action::Set(
                path,
                SetValue::Value(value)
                | SetValue::Stored {
                    value,
                    keep_stored: false,
                },
            ) if path.len() == 1 && path.root() == Some(name) => Some(Some(value)),
            Action::Remove(path) if path.len() == 1 && path.root() == Some(name) => Some(None),
            _ => None,
        })
    }

    /// The attribute paths the actions write.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &DocumentPath> {
        self.actions.iter().map(|action| match action {
            Action::Set(path, _)
            | Action::Remove(path)
            | Action::Add(path, _)
            | Action::Delete(path, _) => path,
        })
    }

    /// Renders `SET … REMOVE … ADD … DELETE …`, moving the values into `placeholders`;
    /// checks overlaps and DynamoDB's limits.
    pub(crate) fn render(self, placeholders: &mut Placeholders) -> Result<String> {
        if self.actions.is_empty() {
            return Err(Error::InvalidExpression {
                reason: "an update needs at least one action".to_owned(),
            });
        }
        for (index, path) in self.paths().enumerate() {
            if let Some(other) = self
                .paths()
                .skip(index + 1)
                .find(|other| path.overlaps(other))
            {
                return Err(Error::InvalidExpression {
                    reason: format!("one update cannot write both `{path}` and `{other}`"),
                });
            }
        }
        // A top-level attribute's name per action and at most two values each
        // (`if_not_exists(#n0, :v0) + :v1`), and a few for the request's condition.
        let actions = self.actions.len();
        placeholders.reserve(
            actions + CONDITION_PLACEHOLDERS,
            2 * actions + CONDITION_PLACEHOLDERS,
        );
        let mut counts = [0; 4];
        for action in &self.actions {
            counts[action.clause()] += 1;
        }
        let mut clauses = [0, 1, 2, 3].map(|clause| Clause::new(clause, counts[clause]));
        let mut operators = 0;
        for action in self.actions {
            operators += 1;
            let clause = &mut clauses[action.clause()];
            match action {
                Action::Set(path, value) => {
                    let clause = clause.next();
                    placeholders.write_path(&path, clause);
                    clause.push_str(" = ");
                    match value {
                        SetValue::Value(value)
                        | SetValue::Stored {
                            value,
                            keep_stored: false,
                        } => placeholders.value(value, &path)?.write_to(clause),
                        SetValue::IfNotExists(value)
                        | SetValue::Stored {
                            value,
                            keep_stored: true,
                        } => {
                            operators += 1;
                            let value = placeholders.value(value, &path)?;
                            if_not_exists(clause, placeholders, &path, value);
                        }
                        SetValue::Arithmetic { operator, base, by } => {
                            operators += 2;
                            let base = placeholders.value(base, &path)?;
                            let by = placeholders.value(by, &path)?;
                            if_not_exists(clause, placeholders, &path, base);
                            clause.push(' ');
                            clause.push_str(operator);
                            clause.push(' ');
                            by.write_to(clause);
                        }
                        SetValue::ListAppend { items, at_end } => {
                            operators += 2;
                            let empty = Value::raw(AttributeValue::L(Vec::new()));
                            let empty = placeholders.value(empty, &path)?;
                            let items = placeholders.value(items, &path)?;
                            clause.push_str("list_append(");
                            if at_end {
                                if_not_exists(clause, placeholders, &path, empty);
                                clause.push_str(", ");
                                items.write_to(clause);
                            } else {
                                items.write_to(clause);
                                clause.push_str(", ");
                                if_not_exists(clause, placeholders, &path, empty);
                            }
                            clause.push(')');
                        }
                    }
                }
                Action::Remove(path) => placeholders.write_path(&path, clause.next()),
                Action::Add(path, value) | Action::Delete(path, value) => {
                    write_path_and_value(clause, placeholders, &path, value)?;
                }
            }
        }
        let mut texts = clauses
            .into_iter()
            .map(|clause| clause.text)
            .filter(|text| !text.is_empty());
        let mut expression = texts.next().unwrap_or_default();
        for text in texts {
            expression.push(' ');
            expression.push_str(&text);
        }
        check_expression("update", &expression, operators)?;
        Ok(expression)
    }
}

/// Appends `if_not_exists(path, value)` to `out`.
fn if_not_exists(
    out: &mut String,
    placeholders: &mut Placeholders,
    path: &DocumentPath,
    value: Placeholder,
) {
    out.push_str("if_not_exists(");
    placeholders.write_path(path, out);
    out.push_str(", ");
    value.write_to(out);
    out.push(')');
}

/// Appends `path value` to an ADD or DELETE clause.
fn write_path_and_value(
    clause: &mut Clause,
    placeholders: &mut Placeholders,
    path: &DocumentPath,
    value: Value,
) -> Result<()> {
    let value = placeholders.value(value, path)?;
    let clause = clause.next();
    placeholders.write_path(path, clause);
    clause.push(' ');
    value.write_to(clause);
    Ok(())
}

/// One clause of an update expression (`SET a = :v0, b = :v1`), built in place.
struct Clause {
    keyword: &'static str,
    text: String,
    /// The bytes to make room for when the first action is written.
    room: usize,
}

/// The clauses' keywords, in the order the expression writes them.
const KEYWORDS: [&str; 4] = ["SET", "REMOVE", "ADD", "DELETE"];

/// Room made in a clause's text for each of its actions, so that the text is allocated once
/// in most updates rather than grown several times: `#n0 = :v0, ` takes 12 bytes, an
/// increment (`#n2 = if_not_exists(#n2, :v2) + :v3, `) 38, an append 52; the codec bench's
/// five actions take 121 bytes with the keyword.
const ROOM_PER_ACTION: usize = 32;

/// Placeholders reserved beyond the update's own for the request's condition: the key's
/// existence (one name) and a caller's condition of a comparison or two.
const CONDITION_PLACEHOLDERS: usize = 2;

impl Clause {
    /// The clause at `index` in [`KEYWORDS`], with room for `actions` actions.
    fn new(index: usize, actions: usize) -> Self {
        Clause {
            keyword: KEYWORDS[index],
            text: String::new(),
            room: ROOM_PER_ACTION * actions,
        }
    }

    /// The clause's text, ready for its next action: the keyword before the first, a comma
    /// before the others.
    fn next(&mut self) -> &mut String {
        if self.text.is_empty() {
            self.text.reserve(self.room);
            self.text.push_str(self.keyword);
            self.text.push(' ');
        } else {
            self.text.push_str(", ");
        }
        &mut self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{Field, Path};
    use std::collections::BTreeSet;

    struct Account;
    const BALANCE: Field<Account, i64> = Field::new("balance");
    const NAME: Field<Account, String> = Field::new("name");
    const ROLES: Field<Account, BTreeSet<String>> = Field::new("roles");
    const LOG: Field<Account, Vec<String>> = Field::new("log");
    const NOTE: Field<Account, String> = Field::new("note");

    #[test]
    fn renders_every_clause_with_placeholders() {
        let update = UpdateExpression::<Account>::new()
            .set(NAME, "Ada")
            .increment(BALANCE, 5)
            .remove(NOTE)
            .add(ROLES, BTreeSet::from(["admin".to_owned()]))
            .append(LOG, ["x".to_owned()]);
        let mut placeholders = Placeholders::default();
        let text = update.render(&mut placeholders).unwrap();
        assert_eq!(
            text,
            "SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) + :v2, \
             #n4 = list_append(if_not_exists(#n4, :v4), :v5) REMOVE #n2 ADD #n3 :v3"
        );
        let (names, values) = placeholders.finish();
        let names = names.unwrap();
        assert_eq!(
            [
                &names["#n0"],
                &names["#n1"],
                &names["#n2"],
                &names["#n3"],
                &names["#n4"]
            ],
            ["name", "balance", "note", "roles", "log"]
        );
        let values = values.unwrap();
        assert_eq!(values[":v2"], AttributeValue::N("5".into()));
        assert_eq!(values[":v4"], AttributeValue::L(vec![]));
    }

    #[test]
    fn renders_the_other_set_forms_deletes_and_nested_paths() {
        const TAGS: Field<Account, BTreeSet<String>> =
            Field::stored_as("tags", crate::Storage::Set);
        const NOTES: Field<Account, Vec<String>> = Field::new("notes");
        const GRADES: Field<Account, Vec<std::collections::BTreeMap<String, i64>>> =
            Field::new("grades");
        let update = UpdateExpression::<Account>::new()
            .set_if_not_exists(NAME, "Ada")
            .prepend(LOG, ["x".to_owned()])
            .delete(TAGS, BTreeSet::from(["admin".to_owned()]))
            .set(NOTES.at(2), "y")
            .decrement(BALANCE, 1)
            .set_stored("extra", AttributeValue::S("z".into()), true)
            .add(GRADES.at(1).key::<i64>("math"), 3);
        let mut placeholders = Placeholders::default();
        let text = update.render(&mut placeholders).unwrap();
        assert_eq!(
            text,
            "SET #n0 = if_not_exists(#n0, :v0), #n1 = list_append(:v2, if_not_exists(#n1, :v1)), \
             #n3[2] = :v4, #n4 = if_not_exists(#n4, :v5) - :v6, #n5 = if_not_exists(#n5, :v7) \
             ADD #n6[1].#n7 :v8 DELETE #n2 :v3"
        );
        let (names, values) = placeholders.finish();
        let names = names.unwrap();
        let named: Vec<&str> = (0..8).map(|n| names[&format!("#n{n}")].as_str()).collect();
        assert_eq!(
            named,
            ["name", "log", "tags", "notes", "balance", "extra", "grades", "math"]
        );
        let values = values.unwrap();
        assert_eq!(values.len(), 9);
        assert_eq!(values[":v1"], AttributeValue::L(vec![]));
        assert_eq!(values[":v3"], AttributeValue::Ss(vec!["admin".into()]));
        assert_eq!(values[":v6"], AttributeValue::N("1".into()));
        assert_eq!(values[":v8"], AttributeValue::N("3".into()));
    }

    #[test]
    fn overlapping_paths_are_rejected() {
        let element: Path<Account, String> = LOG.at(0);
        let update = UpdateExpression::<Account>::new()
            .append(LOG, ["x".to_owned()])
            .set(element, "y");
        let error = update.render(&mut Placeholders::default()).unwrap_err();
        assert!(error.to_string().contains("log[0]"), "{error}");
    }

    #[test]
    fn a_value_over_the_item_size_is_rejected() {
        let update = UpdateExpression::<Account>::new()
            .set(NAME, "x".repeat(crate::limits::MAX_ITEM_SIZE + 1));
        let error = update.render(&mut Placeholders::default()).unwrap_err();
        assert!(error.to_string().contains("bytes"), "{error}");
    }

    #[test]
    fn an_empty_update_is_rejected() {
        assert!(UpdateExpression::<Account>::new()
            .render(&mut Placeholders::default())
            .is_err());
    }
}
