/** Placeholder. */
export class Hello {
  /** Say hello. */
  public sayHello(): string {
    return 'hello';
  }
}
