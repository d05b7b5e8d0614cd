// color-name ships no types: a map from CSS colour keywords to [r, g, b].
declare module "color-name" {
  const colors: Record<string, [number, number, number]>;
  export default colors;
}
