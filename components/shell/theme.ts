/** Theme choice: follow the system (prefers-color-scheme) unless the user picked one. */
export type ThemeChoice = "system" | "light" | "dark";
export const THEME_STORAGE_KEY = "arr-theme";

/**
 * Runs in <head> before first paint, so a dark-mode user never sees a white flash. Kept as a
 * string because it must be inline; it only reads localStorage and matchMedia.
 */
export const THEME_INIT_SCRIPT = `(function(){try{var c=localStorage.getItem("${THEME_STORAGE_KEY}");var d=c==="dark"||(c!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";}catch(_){}})();`;
