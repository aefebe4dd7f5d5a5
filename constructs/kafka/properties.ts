/** A Java properties file (`key=value` lines), as Kafka and Kafka Connect read their configuration. */
export function propertiesFile(entries: Readonly<Record<string, string>>): string {
  return `${Object.entries(entries)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;
}
