/** Small helpers for reading and writing the XML parts of an .xlsx package. */

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes of an XML start tag (or the text inside it), entities decoded. */
export function xmlAttributes(tag: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE))
    if (match[1]) result.set(match[1], decodeXml(match[2] ?? match[3] ?? ""));
  return result;
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, code: string) => {
    const named = NAMED_ENTITIES[code];
    if (named) return named;
    return String.fromCodePoint(
      code.startsWith("#x") ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10),
    );
  });
}

/** Text safe inside an XML attribute or element. */
export function encodeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
