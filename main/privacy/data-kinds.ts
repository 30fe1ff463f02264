/** Which columns the privacy export and inventory treat specially. (The words for each table are the renderer's: it.privacy.tables.) */
/** Columns that hold secrets or encrypted blobs: never exported in clear. */
export const SECRET_COLUMNS = new Set(['ciphertext', 'wrapped_key', 'salt', 'sealed']);

/** Preferred time columns (epoch ms) for "oldest/newest", in order. */
export const TIME_COLUMNS = ['synced_at', 'saved_at', 'updated_at', 'downloaded_at', 'created_at', 'at', 'sent_at', 'written_at', 'last_success_at', 'courses_synced_at', 'rules_acknowledged_at', 'last_used_at', 'last_joined_at', 'detected_at', 'last_visit_at'];
