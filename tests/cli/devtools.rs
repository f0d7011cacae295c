//! Evaluating an expression in a page through the DevTools protocol (whose own evaluation a
//! page's content policy does not govern), for the browser tests and `benches/browser.rs`.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Runtime;
use serde_json::Value;

/// Evaluates `expression` in the page, awaiting a promise, and gives its value as JSON; an
/// exception thrown in the page, or a failure of the protocol, as a message naming the
/// expression.
pub fn eval(tab: &Tab, expression: &str) -> Result<Value, String> {
    let answer = tab
        .call_method(Runtime::Evaluate {
            expression: expression.to_string(),
            object_group: None,
            include_command_line_api: None,
            silent: None,
            context_id: None,
            return_by_value: Some(true),
            generate_preview: None,
            user_gesture: None,
            await_promise: Some(true),
            throw_on_side_effect: None,
            timeout: None,
            disable_breaks: None,
            repl_mode: None,
            allow_unsafe_eval_blocked_by_csp: None,
            unique_context_id: None,
            serialization_options: None,
        })
        .map_err(|e| format!("{expression}: {e}"))?;
    if let Some(e) = answer.exception_details {
        return Err(format!(
            "{expression}: {} {:?}",
            e.text,
            e.exception.and_then(|x| x.description)
        ));
    }
    Ok(answer.result.value.unwrap_or(Value::Null))
}
