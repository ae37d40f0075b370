export * from "./quantity";
export * from "./budget";
