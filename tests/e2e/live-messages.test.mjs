// Today's live tests once more on the coordinator's messages (`&memory=messages`), the path a
// page without cross-origin isolation takes, so that both paths of live mode stay tested.
process.env.INTERLEAVE_LIVE_MEMORY = "messages";
await import("./live.test.mjs");
