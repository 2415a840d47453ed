//! Collects every mistake found in one derive input so the user sees them all at once.

use quote::ToTokens;
use std::fmt::Display;

#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// Records an error pointing at `tokens`.
    pub fn error_spanned_by<T: ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.errors
            .push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error that `syn` already produced.
    pub fn syn_error(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Combines everything recorded into one error, for a caller that has recorded one.
    pub fn into_error(self) -> syn::Error {
        match self.check() {
            Err(error) => error,
            Ok(()) => syn::Error::new(
                proc_macro2::Span::call_site(),
                "invalid #[derive(Model)] input",
            ),
        }
    }

    /// Combines everything recorded into one error, or `Ok` when nothing went wrong.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}
