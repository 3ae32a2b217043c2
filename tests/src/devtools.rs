//! Chrome DevTools Protocol commands through chromedriver's `goog/cdp/execute` passthrough,
//! for what WebDriver has no command for (e.g. firing a service worker's Background Sync).

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::Value;

use crate::Browser;

#[derive(Debug)]
struct DevToolsCommand {
    method: String,
    params: Value,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// Runs one DevTools command on the current page's target; its result.
    pub async fn devtools(&self, method: &str, params: Value) -> Value {
        self.try_devtools(method, params).await.unwrap_or_else(|e| panic!("DevTools {method}: {e}"))
    }

    /// Runs one DevTools command; its result, or the error for a caller that can do without.
    pub async fn try_devtools(
        &self,
        method: &str,
        params: Value,
    ) -> Result<Value, fantoccini::error::CmdError> {
        let command = DevToolsCommand { method: method.to_owned(), params };
        self.client.issue_cmd(command).await
    }
}
