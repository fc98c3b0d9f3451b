/** One action of a cloud function: what it takes and what it returns (see types/api.ts). */
export interface ActionSpec<I, O> {
  input: I;
  output: O;
}
