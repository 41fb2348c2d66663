// A small design for the yosys benchmark (written for reprise): an ALU, a register file,
// a counter, a FIFO and a traffic-light state machine.
module alu #(parameter W = 16) (
    input  [3:0]   op,
    input  [W-1:0] a, b,
    output reg [W-1:0] y,
    output         zero
);
    always @* begin
        case (op)
            4'd0: y = a + b;
            4'd1: y = a - b;
            4'd2: y = a & b;
            4'd3: y = a | b;
            4'd4: y = a ^ b;
            4'd5: y = a << b[3:0];
            4'd6: y = a >> b[3:0];
            4'd7: y = $signed(a) >>> b[3:0];
            4'd8: y = (a < b) ? 1 : 0;
            4'd9: y = ($signed(a) < $signed(b)) ? 1 : 0;
            4'd10: y = a * b;
            4'd11: y = ~a;
            default: y = 0;
        endcase
    end
    assign zero = (y == 0);
endmodule

module regfile #(parameter W = 16, parameter N = 8) (
    input clk, we,
    input [$clog2(N)-1:0] wa, ra1, ra2,
    input [W-1:0] wd,
    output [W-1:0] rd1, rd2
);
    reg [W-1:0] r [0:N-1];
    always @(posedge clk) if (we) r[wa] <= wd;
    assign rd1 = r[ra1];
    assign rd2 = r[ra2];
endmodule

module fifo #(parameter W = 8, parameter D = 16) (
    input clk, rst, push, pop,
    input [W-1:0] din,
    output [W-1:0] dout,
    output full, empty
);
    reg [W-1:0] mem [0:D-1];
    reg [$clog2(D):0] wp, rp;
    always @(posedge clk) begin
        if (rst) begin
            wp <= 0; rp <= 0;
        end else begin
            if (push && !full) begin mem[wp[$clog2(D)-1:0]] <= din; wp <= wp + 1; end
            if (pop && !empty) rp <= rp + 1;
        end
    end
    assign dout = mem[rp[$clog2(D)-1:0]];
    assign empty = wp == rp;
    assign full = (wp[$clog2(D)-1:0] == rp[$clog2(D)-1:0]) && (wp[$clog2(D)] != rp[$clog2(D)]);
endmodule

module lights (input clk, rst, car, output reg [2:0] ns, output reg [2:0] ew);
    localparam NS_GREEN = 0, NS_YELLOW = 1, EW_GREEN = 2, EW_YELLOW = 3;
    reg [1:0] state;
    reg [5:0] timer;
    always @(posedge clk) begin
        if (rst) begin state <= NS_GREEN; timer <= 0; end
        else begin
            timer <= timer + 1;
            case (state)
                NS_GREEN:  if (timer == 40 || (car && timer > 10)) begin state <= NS_YELLOW; timer <= 0; end
                NS_YELLOW: if (timer == 5) begin state <= EW_GREEN; timer <= 0; end
                EW_GREEN:  if (timer == 30) begin state <= EW_YELLOW; timer <= 0; end
                EW_YELLOW: if (timer == 5) begin state <= NS_GREEN; timer <= 0; end
            endcase
        end
    end
    always @* begin
        ns = state == NS_GREEN ? 3'b001 : state == NS_YELLOW ? 3'b010 : 3'b100;
        ew = state == EW_GREEN ? 3'b001 : state == EW_YELLOW ? 3'b010 : 3'b100;
    end
endmodule

module top (
    input clk, rst, car, we, push, pop,
    input [3:0] op,
    input [2:0] wa, ra1, ra2,
    input [15:0] wd,
    output [15:0] y,
    output zero, full, empty,
    output [7:0] dout,
    output [2:0] ns, ew,
    output reg [31:0] count
);
    wire [15:0] a, b;
    regfile rf (.clk(clk), .we(we), .wa(wa), .ra1(ra1), .ra2(ra2), .wd(wd), .rd1(a), .rd2(b));
    alu u (.op(op), .a(a), .b(b), .y(y), .zero(zero));
    fifo q (.clk(clk), .rst(rst), .push(push), .pop(pop), .din(y[7:0]), .dout(dout), .full(full), .empty(empty));
    lights l (.clk(clk), .rst(rst), .car(car), .ns(ns), .ew(ew));
    always @(posedge clk) count <= rst ? 0 : count + {16'b0, y};
endmodule
