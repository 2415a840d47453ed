//! The clients a [`Db`](crate::Db) sends with: the caller's client, and for batches the same
//! client with the SDK's retries off, sharing one connection pool and one credential cache.

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::{
    BehaviorVersion, RuntimeComponentsBuilder, RuntimePlugin, SharedHttpClient,
};
use aws_sdk_dynamodb::Client;

/// The SDK's default HTTPS client as a value, so that several clients can share its
/// connection pool. The SDK otherwise builds one per client, out of reach.
pub(crate) fn default_http_client() -> Option<SharedHttpClient> {
    aws_smithy_runtime::client::defaults::default_http_client_plugin_v2(BehaviorVersion::latest())?
        .runtime_components(&RuntimeComponentsBuilder::new("dynamoxide"))
        .http_client()
}

/// How batch requests get the SDK's retries turned off (a batch retries by its own
/// [`RetryPolicy`](crate::ops::RetryPolicy), entry by entry).
#[derive(Clone, Debug)]
pub(crate) enum BatchClient {
    /// A client built once, with retries off, sharing the main client's HTTP client and
    /// credential cache.
    Shared(Client),
    /// The main client's HTTP client or credential cache is its own private default, which
    /// a second client could not share: each batch request overrides the retry config
    /// instead (a little slower).
    PerRequest,
}

impl BatchClient {
    /// The batch client for `client`: shared when `client` names its HTTP client and
    /// credential cache, per request otherwise.
    pub(crate) fn for_client(client: &Client) -> BatchClient {
        let config = client.config();
        if config.http_client().is_none() || config.identity_cache().is_none() {
            return BatchClient::PerRequest;
        }
        let without_retries = config
            .to_builder()
            .retry_config(RetryConfig::disabled())
            .build();
        BatchClient::Shared(Client::from_conf(without_retries))
    }
}

/// The per-request override that turns the SDK's retries off.
pub(crate) fn without_sdk_retries() -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::config::Builder::default().retry_config(RetryConfig::disabled())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::config::{Credentials, Region};

    fn bare_config() -> aws_sdk_dynamodb::config::Builder {
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("a", "b", None, None, "test"))
    }

    #[test]
    fn the_default_http_client_is_available() {
        assert!(default_http_client().is_some());
    }

    #[test]
    fn a_client_naming_its_transport_gets_a_shared_retry_free_batch_client() {
        let config = bare_config()
            .identity_cache(aws_sdk_dynamodb::config::IdentityCache::lazy().build())
            .http_client(default_http_client().unwrap())
            .build();
        let BatchClient::Shared(batch) = BatchClient::for_client(&Client::from_conf(config)) else {
            panic!("expected a shared batch client");
        };
        let retries = batch.config().retry_config().expect("set");
        assert_eq!(retries.max_attempts(), 1);
    }

    #[test]
    fn a_client_with_private_defaults_overrides_per_request() {
        let client = Client::from_conf(bare_config().build());
        assert!(matches!(
            BatchClient::for_client(&client),
            BatchClient::PerRequest
        ));
    }
}
