import { jsonResponse } from "./json-response";
import { NotAllowedToApprove, SuggestionConflict, SuggestionNotFound } from "../suggestions/workflow.server";

/**
 * The workflow's refusals as HTTP answers for the pages' actions: the message is written for
 * staff, so it is shown as it is. Anything else is a bug and propagates (500).
 */
export function workflowErrorResponse(error: unknown): Response {
  if (error instanceof SuggestionNotFound) {
    return jsonResponse({ ok: false, message: "This suggestion does not exist in this store." }, 404);
  }
  if (error instanceof NotAllowedToApprove) {
    return jsonResponse({ ok: false, message: error.message }, 403);
  }
  if (error instanceof SuggestionConflict) {
    return jsonResponse({ ok: false, message: error.message }, 409);
  }
  throw error;
}
