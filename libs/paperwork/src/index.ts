export * from "./forms.catalogue.js";
