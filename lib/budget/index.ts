export * from "./quantity";
export * from "./format";
export * from "./budget";
