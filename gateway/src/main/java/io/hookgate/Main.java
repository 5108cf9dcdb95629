package io.hookgate;

public final class Main {
  public static void main(String[] args) {}
}
