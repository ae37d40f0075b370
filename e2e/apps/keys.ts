// Per-cluster credentials of the local apps and qBittorrent's preset profile.
//   node e2e/apps/keys.ts <state dir> <qBittorrent WebUI port>
// creates <state>/app-keys.json (mode 0600) on the cluster's first start and writes
// <state>/qbittorrent/qBittorrent/config/{qBittorrent.conf,categories.json} when absent; prints
// nothing. qBittorrent rewrites its conf on exit, so this never edits one that exists.
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AppKeys } from "./contract";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const alnum = (n: number) => {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(n), (b) => abc[b % abc.length]).join("");
};

/** Fresh keys: *arr keys are 32 hex characters like the apps generate (≥ 20 avoids ApiKeyValidationCheck). */
export function generateKeys(): AppKeys {
  return {
    SONARR_API_KEY: hex(16),
    RADARR_API_KEY: hex(16),
    PROWLARR_API_KEY: hex(16),
    JELLYFIN_API_KEY: hex(16),
    QBITTORRENT_USERNAME: "admin",
    QBITTORRENT_PASSWORD: alnum(20),
    // qBittorrent 5.2: "qbt_" + 28 characters (Utils::APIKey::isValid).
    QBITTORRENT_API_KEY: `qbt_${alnum(28)}`,
    // Uptime Kuma: uk<id>_<secret>.
    UPTIME_KUMA_API_KEY: `uk1_${alnum(32)}`,
  };
}

/** Reads <state>/app-keys.json, creating it on first use. */
export function ensureKeys(stateDir: string): AppKeys {
  const file = join(stateDir, "app-keys.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as AppKeys;
  mkdirSync(stateDir, { recursive: true });
  const keys = generateKeys();
  writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  return keys;
}

/**
 * qBittorrent's stored WebUI password: PBKDF2-HMAC-SHA512, 100 000 iterations, 16-byte salt,
 * 64-byte key, `base64(salt):base64(key)` (qBittorrent src/base/utils/password.cpp; app-apis.md §2.4).
 */
export function qbittorrentPasswordHash(password: string, salt = randomBytes(16)): string {
  const key = pbkdf2Sync(password, salt, 100_000, 64, "sha512");
  return `${salt.toString("base64")}:${key.toString("base64")}`;
}

/** Categories of the "half wired" default: Sonarr's under /data/torrents, Radarr's implicit. */
export const QBT_DEFAULT_CATEGORIES: Record<string, string> = {
  "tv-sonarr": "/data/torrents/tv",
  // Empty = implicit <default save path>/radarr = /downloads/radarr (SessionImpl::categorySavePath).
  radarr: "",
};
/** LinuxServer's default conf puts downloads here (root/defaults/qBittorrent.conf). */
export const QBT_DEFAULT_SAVE_PATH = "/downloads/";

/**
 * The preset qBittorrent.conf: loopback only, no DHT/LSD/PeX/UPnP/GeoIP, legal notice accepted,
 * the generated password, and LinuxServer's download paths ("half wired": /downloads, not
 * /data/torrents). Keys from qBittorrent src/base/preferences.cpp and sessionimpl.cpp
 * (app-apis.md §2.4). A ban after 5 failed logins lasts 60 s here instead of an hour, so a test
 * that provokes it does not lock the next tests out.
 */
export function qbittorrentConf(keys: AppKeys, port: number): string {
  return `[LegalNotice]
Accepted=true

[BitTorrent]
Session\\DefaultSavePath=${QBT_DEFAULT_SAVE_PATH}
Session\\TempPath=/downloads/incomplete/
Session\\TempPathEnabled=false
Session\\DHTEnabled=false
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\Interface=lo
Session\\InterfaceName=lo
Session\\InterfaceAddress=127.0.0.1
Session\\Port=0
Session\\DisableAutoTMMByDefault=false

[Network]
PortForwardingEnabled=false

[Preferences]
Connection\\UPnP=false
Connection\\ResolvePeerCountries=false
General\\Locale=en
WebUI\\Enabled=true
WebUI\\Address=127.0.0.1
WebUI\\Port=${port}
WebUI\\UseUPnP=false
WebUI\\Username=${keys.QBITTORRENT_USERNAME}
WebUI\\Password_PBKDF2="@ByteArray(${qbittorrentPasswordHash(keys.QBITTORRENT_PASSWORD)})"
WebUI\\LocalHostAuth=true
WebUI\\CSRFProtection=true
WebUI\\HostHeaderValidation=true
WebUI\\ServerDomains=*
WebUI\\MaxAuthenticationFailCount=5
WebUI\\BanDuration=60
WebUI\\SessionTimeout=3600
`;
}

/** Writes the preset profile under <state>/qbittorrent unless qBittorrent already has one. */
export function ensureQbittorrentProfile(stateDir: string, port: number): void {
  const keys = ensureKeys(stateDir);
  const dir = join(stateDir, "qbittorrent", "qBittorrent", "config");
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, "qBittorrent.conf");
  if (!existsSync(conf)) writeFileSync(conf, qbittorrentConf(keys, port), { mode: 0o600 });
  const cats = join(dir, "categories.json");
  if (!existsSync(cats))
    writeFileSync(
      cats,
      JSON.stringify(
        Object.fromEntries(
          Object.entries(QBT_DEFAULT_CATEGORIES).map(([name, path]) => [name, { save_path: path }]),
        ),
        null,
        4,
      ),
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [stateDir, port] = process.argv.slice(2);
  if (!stateDir || !port || !/^\d+$/.test(port)) {
    console.error("usage: node e2e/apps/keys.ts <state dir> <qBittorrent WebUI port>");
    process.exit(2);
  }
  ensureQbittorrentProfile(stateDir, Number(port));
}
