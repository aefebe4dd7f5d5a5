import { analysisRule } from "../residency/rule.js";

export const warehouseSanitizedExportOnly = analysisRule({
  id: "RK-RES-022",
  name: "warehouse-sanitized-export-only",
  kind: "warehouse-path",
  stackKinds: ["warehouse"],
  description: "Warehouse integrations, stages, pipes and locations name only a region's sanitized export prefix (s3://<sanitized bucket>/export/) and only the regions' warehouse-read roles.",
  fix: "Build locations from RegionResolver.sanitizedExportPath and roles from warehouseReadRoleArn.",
});
