import "vitest";

interface CdktfMatchers<R = unknown> {
  toHaveResource(resourceConstructor: { tfResourceType: string }): R;
  toHaveResourceWithProperties(resourceConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
  toHaveDataSource(dataSourceConstructor: { tfResourceType: string }): R;
  toHaveProvider(providerConstructor: { tfResourceType: string }): R;
  toHaveProviderWithProperties(providerConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
  toBeValidTerraform(): R;
}

declare module "vitest" {
  interface Matchers<T = any> extends CdktfMatchers<T> {}
}
