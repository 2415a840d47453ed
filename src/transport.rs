//! The clients a [`Db`](crate::Db) sends with: the caller's client, and for batches the same
//! client with the SDK's retries set by a [`RetryPolicy`] (the batch's own for a chunk's
//! first request, [`RetryPolicy::none`] for the requests the batch resends itself), sharing
//! one connection pool and one credential cache.

use crate::ops::RetryPolicy;
use aws_sdk_dynamodb::config::{
    BehaviorVersion, RuntimeComponentsBuilder, RuntimePlugin, SharedHttpClient,
};
use aws_sdk_dynamodb::{Client, Config};
use std::fmt;
use std::sync::{Mutex, PoisonError};

/// The SDK's default HTTPS client as a value, so that several clients can share its
/// connection pool. The SDK otherwise builds one per client, out of reach.
pub(crate) fn default_http_client() -> Option<SharedHttpClient> {
    aws_smithy_runtime::client::defaults::default_http_client_plugin_v2(BehaviorVersion::latest())?
        .runtime_components(&RuntimeComponentsBuilder::new("dynamoxide"))
        .http_client()
}

/// How many retry policies get a batch client of their own; batches under further policies
/// override the retry configuration request by request.
const CLIENTS_PER_DB: usize = 8;

/// The clients batch requests go through: the caller's client with the SDK's retries set
/// from the batch's [`RetryPolicy`], one per policy, built on first use.
pub(crate) struct BatchClients {
    /// The caller's configuration when it names its HTTP client and credential cache, which
    /// clients built from it then share; `None` when they are the SDK's private defaults.
    shared: Option<Config>,
    clients: Mutex<Vec<(RetryPolicy, Client)>>,
}

impl fmt::Debug for BatchClients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("BatchClients")
            .field("shared", &self.shared.is_some())
            .field(
                "policies",
                &clients.iter().map(|(policy, _)| policy).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// What a batch request is sent with.
pub(crate) struct BatchSender {
    /// The client to build the request on.
    pub(crate) client: Client,
    /// The retry configuration each request must set itself, when the client does not
    /// carry it (a little slower).
    pub(crate) retries: Option<aws_sdk_dynamodb::config::Builder>,
}

impl BatchClients {
    /// The batch clients of `client`: shared when `client` names its HTTP client and
    /// credential cache, overridden per request otherwise.
    pub(crate) fn for_client(client: &Client) -> BatchClients {
        let config = client.config();
        let names_its_transport =
            config.http_client().is_some() && config.identity_cache().is_some();
        BatchClients {
            shared: names_its_transport.then(|| config.clone()),
            clients: Mutex::new(Vec::new()),
        }
    }

    /// How to send a batch request under `policy`; `caller` is the client of the `Db`.
    pub(crate) fn sender(&self, caller: &Client, policy: RetryPolicy) -> BatchSender {
        let per_request = || BatchSender {
            client: caller.clone(),
            retries: Some(with_retries(Default::default(), policy)),
        };
        let Some(config) = &self.shared else {
            return per_request();
        };
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, client)) = clients.iter().find(|(cached, _)| *cached == policy) {
            return BatchSender {
                client: client.clone(),
                retries: None,
            };
        }
        if clients.len() == CLIENTS_PER_DB {
            return per_request();
        }
        let client = Client::from_conf(with_retries(config.to_builder(), policy).build());
        clients.push((policy, client.clone()));
        BatchSender {
            client,
            retries: None,
        }
    }
}

/// `config` with the SDK's retries set as `policy` says.
fn with_retries(
    config: aws_sdk_dynamodb::config::Builder,
    policy: RetryPolicy,
) -> aws_sdk_dynamodb::config::Builder {
    config
        .retry_config(policy.sdk_retry_config())
        .retry_partition(RetryPolicy::sdk_retry_partition())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::config::{Credentials, Region};
    use std::time::Duration;

    fn bare_config() -> aws_sdk_dynamodb::config::Builder {
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("a", "b", None, None, "test"))
    }

    fn client_naming_its_transport() -> Client {
        let config = bare_config()
            .identity_cache(aws_sdk_dynamodb::config::IdentityCache::lazy().build())
            .http_client(default_http_client().unwrap())
            .build();
        Client::from_conf(config)
    }

    #[test]
    fn the_default_http_client_is_available() {
        assert!(default_http_client().is_some());
    }

    #[test]
    fn a_client_naming_its_transport_gets_one_batch_client_per_policy() {
        let caller = client_naming_its_transport();
        let clients = BatchClients::for_client(&caller);
        let patient = RetryPolicy::default().max_retries(30);
        let first = clients.sender(&caller, patient);
        assert!(first.retries.is_none(), "the client carries the policy");
        let retries = first.client.config().retry_config().expect("set");
        assert_eq!(retries.max_attempts(), 31);
        assert_eq!(retries.initial_backoff(), Duration::from_millis(50));
        assert_eq!(retries.max_backoff(), Duration::from_secs(5));
        clients.sender(&caller, patient);
        clients.sender(&caller, RetryPolicy::none());
        assert_eq!(
            clients.clients.lock().unwrap().len(),
            2,
            "built once per policy"
        );
    }

    #[test]
    fn beyond_the_cached_policies_requests_override_their_retries() {
        let caller = client_naming_its_transport();
        let clients = BatchClients::for_client(&caller);
        for retries in 0..CLIENTS_PER_DB as u32 {
            let sender = clients.sender(&caller, RetryPolicy::default().max_retries(retries));
            assert!(sender.retries.is_none());
        }
        let sender = clients.sender(&caller, RetryPolicy::default().max_retries(99));
        let config = sender.retries.expect("overridden per request").build();
        assert_eq!(config.retry_config().unwrap().max_attempts(), 100);
    }

    #[test]
    fn a_client_with_private_defaults_overrides_per_request() {
        let caller = Client::from_conf(bare_config().build());
        let sender = BatchClients::for_client(&caller).sender(&caller, RetryPolicy::none());
        let config = sender.retries.expect("overridden per request").build();
        assert_eq!(config.retry_config().unwrap().max_attempts(), 1);
    }
}
