/** JSON values as HMRC sends them and as the OpenAPI document holds them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
