/**
 * The discussion's command id, on its own so that the sidebar, the assessment panel, the
 * notifications and the instructor workspace can open a discussion without importing its plugin.
 * Arguments: `{course, lesson}`, plus `assessment`, `item` and `itemLabel` for one item, `thread` for one thread.
 */
export const OPEN_DISCUSSION = 'voxel-academy:open-discussion';
